import { randomUUID } from 'node:crypto';
import net from 'node:net';
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

/**
 * A TCP relay in front of the database at `target` (a postgres:// URL) that can drop every
 * connection and refuse new ones, as a database restart or a partition would. `url` goes through it.
 */
export async function tcpRelay(target: string) {
  const { hostname: host, port: targetPort } = new URL(target);
  const port = Number(targetPort || 5432);
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    /** Stops relaying: what is still connected through it is cut. */
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
