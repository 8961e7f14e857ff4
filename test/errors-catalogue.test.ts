import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/domain/errors.js';
import { REPO } from './support/harness.js';

describe('the error catalogue', () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'errors.md'), 'utf8');
  const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);

  it('documents every code', () => {
    expect(documented.filter((code) => !(ERROR_CODES as readonly string[]).includes(code!))).toEqual([]);
    expect(ERROR_CODES.filter((code) => !documented.includes(code))).toEqual([]);
  });

  it('is used: every code but INTERNAL is raised somewhere in src/', () => {
    const source = readAll(path.join(REPO, 'src'));
    const unused = ERROR_CODES.filter((code) => code !== 'INTERNAL' && !source.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });
});

function readAll(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((entry) =>
      entry.isDirectory()
        ? readAll(path.join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? fs.readFileSync(path.join(dir, entry.name), 'utf8')
          : '',
    )
    .join('\n');
}
