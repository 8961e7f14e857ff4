import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { declaration, describeSharedStoreContract, describeStoreContract } from './store-contract.js';

describeStoreContract('SQLite in memory', async () => SqliteStore.open(':memory:'));

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('SQLite on disk', async () =>
  SqliteStore.open(path.join(tempDir(), 'nested', 'firewatch.db')),
);

describeSharedStoreContract('SQLite, two connections to one file', async () => {
  const file = path.join(tempDir(), 'shared.db');
  return [SqliteStore.open(file), SqliteStore.open(file)];
});

describe('SQLite specifics', () => {
  it('forgets old delivery ids, but keeps the markers of imported incidents for good', async () => {
    const store = SqliteStore.open(':memory:');
    const old = '2026-01-01T00:00:00.000Z';
    await store.commit(declaration({ when: old, seen: [{ source: 'slack-request', key: 'r-1' }] }));
    await store.commit(declaration({ when: old, seen: [{ source: 'import-incident', key: 'PD-1' }] }));
    // The pruning runs every thousandth commit that carries markers; these are a month later.
    for (let index = 0; index < 1000; index++)
      await store.commit(
        declaration({
          when: '2026-02-01T00:00:00.000Z',
          seen: [{ source: 'slack-request', key: `n-${index}` }],
        }),
      );
    expect(await store.seen({ source: 'slack-request', key: 'r-1' })).toBe(false);
    expect(await store.seen({ source: 'import-incident', key: 'PD-1' })).toBe(true);
    await store.close();
  });

  it('creates the folder, uses WAL and foreign keys, and keeps data across restarts', async () => {
    const file = path.join(tempDir(), 'a', 'b', 'firewatch.db');
    const store = SqliteStore.open(file);
    expect(store.connection.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.connection.pragma('foreign_keys', { simple: true })).toBe(1);
    await store.commit(declaration());
    await store.close();
    const reopened = SqliteStore.open(file);
    expect((await reopened.load('INC-1'))?.version).toBe(1);
    await reopened.close();
  });

  it('writes commits asked for together as a group, refusing one alone, each settled once it is committed', async () => {
    const file = path.join(tempDir(), 'group.db');
    const store = SqliteStore.open(file);
    const other = SqliteStore.open(file);
    const marker = (key: string) => ({ seen: [{ source: 'slack-request', key }] });
    await store.commit({ ...declaration(), ...marker('a') });
    const group = await Promise.allSettled([
      store.commit({ ...declaration(), ...marker('b') }),
      store.commit({ ...declaration(), ...marker('a') }),
      store.commit({ ...declaration(), ...marker('c') }),
    ]);
    // The repeated request is refused alone; the others are written, and numbered in order.
    expect(group.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((group[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'DUPLICATE' });
    expect(
      group.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.incident.id] : [])),
    ).toEqual(['INC-2', 'INC-3']);
    // Settled means committed: another connection to the file reads them at once.
    expect((await other.load('INC-3'))?.version).toBe(1);
    await other.close();
    await store.close();
  });

  it('writes the commits still waiting for their group when it is closed', async () => {
    const file = path.join(tempDir(), 'closing.db');
    const store = SqliteStore.open(file);
    const committed = store.commit(declaration());
    await store.close();
    expect((await committed).incident.id).toBe('INC-1');
    const reopened = SqliteStore.open(file);
    expect((await reopened.load('INC-1'))?.version).toBe(1);
    await reopened.close();
  });

  it('runs its migrations once, however often it is opened', async () => {
    const file = path.join(tempDir(), 'firewatch.db');
    (await SqliteStore.open(file)).close();
    const store = SqliteStore.open(file);
    const applied = store.connection.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(MIGRATIONS.map((migration) => ({ version: migration.version })));
    await store.close();
  });

  it('refuses an unusable path, naming it', () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    expect(() => SqliteStore.open(path.join(blocker, 'firewatch.db'))).toThrow(
      expect.objectContaining({ code: 'STORE_UNUSABLE', message: expect.stringContaining(blocker) }),
    );
  });

  it('refuses a file that is not a database', () => {
    const file = path.join(tempDir(), 'garbage.db');
    fs.writeFileSync(file, 'this is not sqlite, just some text that goes on for a while '.repeat(100));
    expect(() => SqliteStore.open(file)).toThrow(
      expect.objectContaining({ code: 'STORE_UNUSABLE', message: expect.stringContaining(file) }),
    );
  });
});
