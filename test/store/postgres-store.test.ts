import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentStore } from '../../src/domain/ports.js';
import { migratePostgres, PG_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { asStoreError } from '../../src/store/postgres/sql.js';
import {
  embeddedPostgres,
  serverPool,
  serverSchema,
  startEmbeddedPostgres,
  TEST_POSTGRES_URL,
} from '../support/postgres.js';
import { declaration, describeSharedStoreContract, describeStoreContract } from './store-contract.js';

const T0 = '2026-11-26T14:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** One PGlite database shared by two stores (its one connection serialises them). */
async function embeddedPair(): Promise<[IncidentStore, IncidentStore]> {
  const pool = await embeddedPostgres();
  return [await PostgresStore.open(pool), await PostgresStore.open(pool)];
}

// The WebAssembly engine takes seconds to start (longer on a busy machine): once, before the suites.
beforeAll(() => startEmbeddedPostgres(), 180_000);

describeStoreContract('PostgreSQL embedded (PGlite)', async () =>
  PostgresStore.open(await embeddedPostgres()),
);
describeSharedStoreContract('PostgreSQL embedded (PGlite)', embeddedPair);

const schemas: Array<{ drop(): Promise<void> }> = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

/** A fresh schema on the test server, dropped after the file's tests. */
async function freshSchema(url: string): Promise<string> {
  const created = await serverSchema(url);
  schemas.push(created);
  return created.schema;
}

if (TEST_POSTGRES_URL) {
  const url = TEST_POSTGRES_URL;
  describeStoreContract('PostgreSQL server', async () =>
    PostgresStore.open(serverPool(url, await freshSchema(url))),
  );
  describeSharedStoreContract('PostgreSQL server, two pools', async () => {
    const schema = await freshSchema(url);
    return [
      await PostgresStore.open(serverPool(url, schema)),
      await PostgresStore.open(serverPool(url, schema)),
    ];
  });

  describe('PostgreSQL server specifics', () => {
    it('migrates once when five replicas start together', async () => {
      const schema = await freshSchema(url);
      const pools = Array.from({ length: 5 }, () => serverPool(url, schema));
      const applied = await Promise.all(pools.map((pool) => migratePostgres(pool)));
      // Every migration applied once, by whichever replica got there first.
      expect(applied.flat().sort()).toEqual(PG_MIGRATIONS.map((migration) => migration.version));
      await Promise.all(pools.map((pool) => pool.close()));
    });

    it('hands each due reminder to one replica at a time', async () => {
      const schema = await freshSchema(url);
      const one = await PostgresStore.open(serverPool(url, schema));
      const two = await PostgresStore.open(serverPool(url, schema));
      for (let count = 0; count < 6; count++) await one.commit(declaration({ severity: 'SEV1' }));
      const [a, b] = await Promise.all([one.dueReminders(at(11), 4), two.dueReminders(at(11), 4)]);
      expect([...a, ...b].sort()).toEqual(['INC-1', 'INC-2', 'INC-3', 'INC-4', 'INC-5', 'INC-6']);
      // Held for a minute: not handed out again meanwhile, and again after if still due.
      expect(await one.dueReminders(at(11.5), 10)).toEqual([]);
      expect(await two.dueReminders(at(12.1), 10)).toHaveLength(6);
      await one.close();
      await two.close();
    });
  });
}

describe('the health probe on PostgreSQL', () => {
  it('proves a write commits: a database that answers reads but refuses writes is unhealthy', async () => {
    const pool = await embeddedPostgres();
    const store = await PostgresStore.open(pool);
    await expect(store.ping()).resolves.toBeUndefined();
    await pool.exec('SET default_transaction_read_only = on');
    try {
      await expect(pool.query('SELECT 1')).resolves.toBeDefined();
      await expect(store.ping()).rejects.toThrow(/read-only/);
    } finally {
      await pool.exec('SET default_transaction_read_only = off');
    }
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('says a refused write plainly: a read-only or full server is STORE_UNAVAILABLE, nothing recorded', () => {
    for (const code of ['25006', '53100'])
      expect(
        asStoreError(Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code })),
      ).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: 'The incident database refuses writes (read-only or full); nothing was recorded.',
      });
    const other = Object.assign(new Error('syntax error'), { code: '42601' });
    expect(asStoreError(other)).toBe(other);
  });

  it('fails when the write cannot be made at all', async () => {
    const pool = await embeddedPostgres();
    const store = await PostgresStore.open(pool);
    await pool.exec('ALTER TABLE seen RENAME TO seen_elsewhere');
    await expect(store.ping()).rejects.toThrow();
  });
});

describe('the PostgreSQL server for tests', () => {
  it.runIf(process.env.CI === 'true')('is set in CI, so the server suite cannot be skipped there', () => {
    expect(TEST_POSTGRES_URL, 'CI must set TEST_POSTGRES_URL (see .ci/run)').toBeTruthy();
  });
});
