import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The repository stands alone: people clone it by itself, so nothing in it may read, link or mention
 * a folder beside it. What the tests need from elsewhere is copied into test/fixtures/, with its
 * licence and source.
 */
const REPO = path.resolve(import.meta.dirname, '..');

// Built from pieces, so that this file does not contain what it looks for.
const UP = '..';
const SIBLING = ['sha', 'red'].join('');
const QUOTE = `['"\`]`;
const OUTSIDE = [
  // A relative path in text, a link or an import: two dots, a slash or backslash, the name.
  new RegExp(`${UP.replace(/\./g, '\\.')}[\\\\/]${SIBLING}\\b`),
  // The same path put together from segments, as path.join(REPO, UP, SIBLING) would.
  new RegExp(`${QUOTE}${UP.replace(/\./g, '\\.')}${QUOTE}\\s*,\\s*${QUOTE}${SIBLING}${QUOTE}`),
];

/** Folders that are never part of the repository's content (see .gitignore). */
const NOT_OURS = new Set(['.git', 'node_modules', 'dist', 'data', 'postmortems', 'coverage']);

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_OURS.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.isFile() ? [path.relative(REPO, full)] : [];
  });
}

/** The repository's files: tracked or about to be (not ignored); without git, the folder's files. */
function repositoryFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (git.error || git.status !== 0) return walk(REPO);
  return git.stdout
    .split('\0')
    .filter((file) => file !== '' && fs.existsSync(path.join(REPO, file)))
    .filter((file) => fs.statSync(path.join(REPO, file)).isFile());
}

/** `file:line: text` for each line that reaches outside the repository. */
function reachesOutside(file: string, content: string): string[] {
  return content
    .split('\n')
    .flatMap((line, index) =>
      OUTSIDE.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
    );
}

describe('the repository stands alone', () => {
  it('has no file that reads, links or mentions a folder beside it', () => {
    const files = repositoryFiles();
    expect(files).toContain('package.json');
    const found = files.flatMap((file) => {
      const bytes = fs.readFileSync(path.join(REPO, file));
      if (bytes.includes(0)) return []; // binary
      return reachesOutside(file, bytes.toString('utf8'));
    });
    expect(found).toEqual([]);
  });

  it('recognises such a reference in each form it takes', () => {
    const relative = `${UP}/${SIBLING}/DESIGN.md`;
    expect(reachesOutside('README.md', `Read [the design](${relative}).`)).toEqual([
      `README.md:1: Read [the design](${relative}).`,
    ]);
    expect(reachesOutside('a.ts', `import x from '${UP}\\${SIBLING}\\x.js';`)).toHaveLength(1);
    expect(reachesOutside('b.ts', `path.join(REPO, '${UP}', "${SIBLING}", 'data')`)).toHaveLength(1);
    expect(reachesOutside('c.md', `a ${SIBLING} machine\n./${SIBLING}/x and '${SIBLING}'`)).toEqual([]);
  });
});
