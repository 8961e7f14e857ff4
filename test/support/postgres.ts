import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Sql, SqlPool } from '../../src/store/postgres/sql.js';
import { pgPool } from '../../src/store/postgres/sql.js';

let engine: Promise<PGlite> | undefined;

/** Starts the engine once per test file; call it from a `beforeAll` with a generous timeout. */
export function startEmbeddedPostgres(): Promise<PGlite> {
  engine ??= PGlite.create({ parsers: { 20: (value: string) => Number(value) } });
  return engine;
}

/**
 * Real PostgreSQL compiled to WebAssembly, in this process: the PostgreSQL store's SQL runs on any
 * machine, with no server to install. Starting the engine takes seconds, so a test file starts it
 * once and each call gets an empty database (the schema dropped and made again); closing the pool
 * leaves the engine for the next test.
 */
export async function embeddedPostgres(): Promise<SqlPool> {
  const db = await startEmbeddedPostgres();
  await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    async query(text, params) {
      const result = await target.query(text, params as unknown[] | undefined);
      return { rows: result.rows as never[], count: result.affectedRows ?? 0 };
    },
    async exec(script) {
      await target.exec(script);
    },
  });
  return {
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: async () => {},
  };
}

/** The PostgreSQL server the tests may use: `TEST_POSTGRES_URL`, as `.ci/run` sets it. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL;

/**
 * A schema of its own on the test server, dropped when the returned `drop` is called, so that test
 * runs (and files running in parallel) never see each other's data.
 */
export async function serverSchema(url: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `firewatch_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

export function serverPool(url: string, schema: string): SqlPool {
  return pgPool(url, { schema });
}
