/** A row of an imported file, and where it is, so that a problem names its line. */
export interface TableRow {
  /** `line 3` of a CSV file (its header is line 1), or `item 2` of a JSON array. */
  where: string;
  /** Its fields by column name; a blank CSV cell is left out (unknown). */
  fields: Record<string, unknown>;
}

/** What is wrong, where, and in which field. */
export interface TableProblem {
  where: string;
  field?: string;
  message: string;
}

export type TableFormat = 'csv' | 'json';

export function formatOf(file: string): TableFormat | undefined {
  const match = /\.(csv|json)$/i.exec(file);
  return match ? (match[1]!.toLowerCase() as TableFormat) : undefined;
}

/** `line 3, field resolved_at: is required …`: a problem as a person reads it. */
export function describeProblem(problem: TableProblem): string {
  return `${problem.where}${problem.field ? `, field ${problem.field}` : ''}: ${problem.message}`;
}

/**
 * RFC 4180 CSV: fields separated by commas, quoted with `"` when they hold commas, quotes (doubled)
 * or line breaks. Each record with the line it starts on.
 */
function csvRecords(text: string): Array<{ line: number; cells: string[] }> | TableProblem {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.replace(/^\uFEFF/, '');
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[index + 1] === '\n') index++;
      cells.push(cell);
      if (cells.some((value) => value.trim() !== '')) records.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += char;
  }
  if (quoted) return { where: `line ${start}`, message: 'a quoted field is not closed: a " is missing' };
  cells.push(cell);
  if (cells.some((value) => value.trim() !== '')) records.push({ line: start, cells });
  return records;
}

function unknownColumn(where: string, column: string, columns: readonly string[]): TableProblem {
  return {
    where,
    field: column,
    message: `is not a column Firewatch reads; the columns are ${columns.join(', ')}`,
  };
}

/**
 * The rows of a CSV file (a header line naming the columns, then one row a line) or of a JSON
 * array of objects. A column that is not one of `columns` is a problem, named.
 */
export function readTable(
  text: string,
  format: TableFormat,
  columns: readonly string[],
): { rows: TableRow[] } | { problem: TableProblem } {
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { problem: { where: 'the file', message: `is not JSON: ${(error as Error).message}` } };
    }
    if (!Array.isArray(parsed))
      return { problem: { where: 'the file', message: 'must be a JSON array of objects, one per row' } };
    const rows: TableRow[] = [];
    for (const [index, item] of parsed.entries()) {
      const where = `item ${index + 1}`;
      if (!item || typeof item !== 'object' || Array.isArray(item))
        return { problem: { where, message: 'must be an object with the row’s fields' } };
      const unknown = Object.keys(item).find((key) => !columns.includes(key));
      if (unknown !== undefined) return { problem: unknownColumn(where, unknown, columns) };
      rows.push({ where, fields: item as Record<string, unknown> });
    }
    return { rows };
  }
  const records = csvRecords(text);
  if (!Array.isArray(records)) return { problem: records };
  const [header, ...data] = records;
  if (!header)
    return {
      problem: { where: 'line 1', message: `needs a header naming the columns: ${columns.join(',')}` },
    };
  const names = header.cells.map((name) => name.trim().toLowerCase());
  const unknown = names.find((name) => !columns.includes(name));
  if (unknown !== undefined) return { problem: unknownColumn(`line ${header.line}`, unknown, columns) };
  const rows: TableRow[] = [];
  for (const record of data) {
    const where = `line ${record.line}`;
    if (record.cells.length > names.length)
      return {
        problem: {
          where,
          message: `has ${record.cells.length} fields, but the header names ${names.length}`,
        },
      };
    const fields: Record<string, unknown> = {};
    names.forEach((name, index) => {
      const value = record.cells[index]?.trim();
      if (value) fields[name] = value;
    });
    rows.push({ where, fields });
  }
  return { rows };
}
