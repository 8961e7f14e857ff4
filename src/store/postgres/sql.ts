import pg from 'pg';
import { FirewatchError } from '../../domain/errors.js';

/** What the PostgreSQL store needs of a connection: parameterised queries and scripts. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
  /** Several statements, no parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted. */
  count: number;
}

/** A pool of connections: queries, transactions, and closing. */
export interface SqlPool extends Sql {
  /** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * node-postgres (`pg`): the most used PostgreSQL driver for Node, maintained, with a connection
 * pool that replaces broken connections by itself (what lets Firewatch ride out a database
 * restart without restarting), and no native code to build.
 */
export function pgPool(url: string, options: { schema?: string; max?: number } = {}): SqlPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    // Epoch milliseconds and outbox ids are BIGINT: as numbers, as SQLite gives them.
    types: { getTypeParser: (oid, format) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) },
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection the server dropped (a restart): the pool replaces it on next use.
  pool.on('error', () => {});
  const run = async <Row>(client: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]) => {
    try {
      const result = await client.query(text, params as unknown[] | undefined);
      return { rows: result.rows as Row[], count: result.rowCount ?? 0 };
    } catch (error) {
      throw asStoreError(error);
    }
  };
  const sql = (client: pg.Pool | pg.PoolClient): Sql => ({
    query: (text, params) => run(client, text, params),
    exec: async (script) => {
      await run(client, script);
    },
  });
  return {
    ...sql(pool),
    async transaction(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw asStoreError(error);
      }
      let broken = false;
      // The connection may drop between two statements of the transaction: without a listener,
      // that 'error' event would end the process. The statement in flight fails instead.
      const dropped = () => {
        broken = true;
      };
      client.on('error', dropped);
      try {
        await run(client, 'BEGIN');
        const result = await work(sql(client));
        await run(client, 'COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.off('error', dropped);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/** SQLSTATE classes and Node errors that mean the database could not be reached or went away. */
const UNREACHABLE_STATES = /^(08|57P0[123]|53300)/;
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that answers but cannot write: read_only_sql_transaction (a replica, or
 * `default_transaction_read_only`), disk_full, insufficient_resources' out of memory.
 */
const CANNOT_WRITE_STATES = new Set(['25006', '53100', '53200']);

/**
 * A lost or refused connection, or a server that cannot write, becomes STORE_UNAVAILABLE, which
 * people are told plainly ("nothing was recorded"), never as something that went wrong.
 */
export function asStoreError(error: unknown): unknown {
  if (FirewatchError.is(error)) return error;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code !== undefined && CANNOT_WRITE_STATES.has(code))
    return new FirewatchError(
      'STORE_UNAVAILABLE',
      'The incident database refuses writes (read-only or full); nothing was recorded.',
      'Try again in a minute. If it lasts, check that DATABASE_URL points at the primary and that its disk has room.',
    );
  const unreachable =
    (code !== undefined && (UNREACHABLE_STATES.test(code) || UNREACHABLE_CODES.has(code))) ||
    /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message ?? '');
  if (!unreachable) return error;
  return new FirewatchError(
    'STORE_UNAVAILABLE',
    'The incident database is unreachable; nothing was recorded.',
    'Try again in a minute. If it lasts, check that PostgreSQL is up and that DATABASE_URL points at it.',
  );
}
