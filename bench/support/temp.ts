import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder on the same disk as production would use (not tmpfs: fsync costs must show), removed at exit. */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `firewatch-bench-${label}-`));
  made.push(dir);
  return dir;
}
