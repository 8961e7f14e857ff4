import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Commit } from '../../src/domain/ports.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { change, declaration } from './store-contract.js';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
function open(file: string): SqliteStore {
  const store = SqliteStore.open(file);
  stores.push(store);
  return store;
}
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-reports-'));
  dirs.push(dir);
  return path.join(dir, 'firewatch.db');
}
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const everything = { viewer: 'ann', includePrivate: true };
const statuses = async (store: SqliteStore) =>
  (await store.reportRows(everything)).map((row) => `${row.id} ${row.status}`);

/** What a store opened afresh on the file reads: the database as it is. */
async function fromTheFile(file: string) {
  return statuses(open(file));
}

describe('SQLite report rows, kept in memory', () => {
  it('sees a commit made after the rows were read', async () => {
    const store = open(':memory:');
    const first = await store.commit(declaration());
    expect(await statuses(store)).toEqual(['INC-1 investigating']);
    await store.commit(change(first.incident, 1, [{ kind: 'resolved', from: 'investigating' }]));
    await store.commit(declaration());
    expect(await statuses(store)).toEqual(['INC-1 resolved', 'INC-2 investigating']);
  });

  it('gives frozen rows, so that no reader can change what the next one reads', async () => {
    const store = open(':memory:');
    await store.commit(declaration());
    const [row] = await store.reportRows(everything);
    expect(Object.isFrozen(row)).toBe(true);
  });

  it('leaves out the commits of a group that were refused: a repeated delivery, a stale version', async () => {
    const file = tempFile();
    const store = open(file);
    const marker = (key: string) => ({ seen: [{ source: 'slack-request', key }] });
    const first = await store.commit({ ...declaration(), ...marker('a') });
    expect(await statuses(store)).toEqual(['INC-1 investigating']);
    const group = await Promise.allSettled([
      store.commit({ ...declaration(), ...marker('a') }),
      store.commit(change(first.incident, 1, [{ kind: 'resolved', from: 'investigating' }])),
      store.commit(
        change(first.incident, 1, [{ kind: 'status_changed', from: 'investigating', to: 'identified' }]),
      ),
      store.commit({ ...declaration(), ...marker('b') }),
    ]);
    expect(group.map((outcome) => outcome.status)).toEqual([
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(await statuses(store)).toEqual(['INC-1 resolved', 'INC-2 investigating']);
    expect(await fromTheFile(file)).toEqual(await statuses(store));
  });

  it('keeps nothing of a group whose COMMIT failed', async () => {
    const file = tempFile();
    const store = open(file);
    const first = await store.commit(declaration());
    expect(await statuses(store)).toEqual(['INC-1 investigating']);
    // A foreign key checked only at COMMIT: the whole group's transaction is rolled back there,
    // after each of its commits was written in its savepoint.
    const failsAtCommit: Commit = {
      ...declaration(),
      decide(number) {
        store.connection.pragma('defer_foreign_keys = ON');
        store.connection
          .prepare("INSERT INTO participants (incident_id, user_id) VALUES ('INC-99', 'x')")
          .run();
        return declaration().decide(number);
      },
    };
    const group = await Promise.allSettled([
      store.commit(change(first.incident, 1, [{ kind: 'resolved', from: 'investigating' }])),
      store.commit(failsAtCommit),
    ]);
    expect(group.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect((group[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
    });
    expect(await statuses(store)).toEqual(['INC-1 investigating']);
    expect(await fromTheFile(file)).toEqual(['INC-1 investigating']);
    // And it still follows the commits that succeed.
    await store.commit(change(first.incident, 1, [{ kind: 'resolved', from: 'investigating' }]));
    expect(await statuses(store)).toEqual(['INC-1 resolved']);
  });

  it('sees what another connection to the file committed (the CLI importing beside the server)', async () => {
    const file = tempFile();
    const server = open(file);
    const cli = open(file);
    const first = await server.commit(declaration());
    expect(await statuses(server)).toEqual(['INC-1 investigating']);
    await cli.commit(change(first.incident, 1, [{ kind: 'resolved', from: 'investigating' }]));
    await cli.commit(declaration({ private: true, by: 'bob' }));
    expect(await statuses(server)).toEqual(['INC-1 resolved', 'INC-2 investigating']);
    expect((await server.reportRows({ viewer: 'bob' })).map((row) => row.id)).toEqual(['INC-1', 'INC-2']);
    expect((await server.reportRows({ viewer: 'ann' })).map((row) => row.id)).toEqual(['INC-1']);
    // Its own commits after the reload are followed as before.
    await server.commit(declaration());
    expect(await statuses(server)).toEqual(['INC-1 resolved', 'INC-2 investigating', 'INC-3 investigating']);
    expect(await statuses(cli)).toEqual(await statuses(server));
  });
});
