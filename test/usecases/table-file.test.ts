import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/usecases/table-file.js';

const COLUMNS = ['id', 'title', 'summary'];

describe('reading an imported table', () => {
  it('reads RFC 4180 CSV: quotes, doubled quotes, line breaks in a field, CRLF, a BOM, blank cells', () => {
    const csv =
      '\uFEFFid,Title,summary\r\n1,"Checkout, EU","He said ""roll back""\nthen we did"\r\n\r\n2,Search,\n';
    expect(readTable(csv, 'csv', COLUMNS)).toEqual({
      rows: [
        {
          where: 'line 2',
          fields: { id: '1', title: 'Checkout, EU', summary: 'He said "roll back"\nthen we did' },
        },
        // Line 4 is blank; line 5 holds the second row; its blank summary stays unknown.
        { where: 'line 5', fields: { id: '2', title: 'Search' } },
      ],
    });
  });

  it('names what is wrong and where: an unknown column, too many fields, an unclosed quote', () => {
    expect(readTable('id,titel\n1,x\n', 'csv', COLUMNS)).toEqual({
      problem: {
        where: 'line 1',
        field: 'titel',
        message: 'is not a column Firewatch reads; the columns are id, title, summary',
      },
    });
    expect(readTable('id,title\n1,x,y\n', 'csv', COLUMNS)).toEqual({
      problem: { where: 'line 2', message: 'has 3 fields, but the header names 2' },
    });
    expect(readTable('id,title\n1,"x\n2,y\n', 'csv', COLUMNS)).toEqual({
      problem: { where: 'line 2', message: 'a quoted field is not closed: a " is missing' },
    });
    expect(readTable('[{"id":1},{"nope":2}]', 'json', COLUMNS)).toMatchObject({
      problem: { where: 'item 2', field: 'nope' },
    });
    expect(readTable('[1,', 'json', COLUMNS)).toMatchObject({ problem: { where: 'the file' } });
  });
});
