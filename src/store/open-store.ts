import { FirewatchError } from '../domain/errors.js';
import type { IncidentStore } from '../domain/ports.js';

/** Where the data is, from DATABASE_URL (see config.ts). */
export interface StoreLocation {
  /** The SQLite file, or the PostgreSQL URL without its password (for messages). */
  databasePath: string;
  postgresUrl?: string;
}

/** A store, and the online backup only SQLite offers (PostgreSQL's is pg_dump; see docs/operations.md). */
export type Store = IncidentStore & { backup?(destination: string): Promise<void> };

/**
 * The one place the adapter is chosen: DATABASE_URL naming PostgreSQL (several replicas may share
 * it) or a SQLite file (one process; nothing to install). Migrates before returning.
 */
export async function openStore(config: StoreLocation): Promise<Store> {
  if (!config.postgresUrl) {
    const { SqliteStore } = await import('./sqlite/sqlite-store.js');
    return SqliteStore.open(config.databasePath);
  }
  const { pgPool } = await import('./postgres/sql.js');
  const { PostgresStore } = await import('./postgres/postgres-store.js');
  const pool = pgPool(config.postgresUrl);
  try {
    return await PostgresStore.open(pool);
  } catch (error) {
    await pool.close().catch(() => undefined);
    if (FirewatchError.is(error, 'STORE_UNAVAILABLE'))
      throw new FirewatchError(
        'STORE_UNAVAILABLE',
        `The PostgreSQL database at ${config.databasePath} cannot be reached.`,
        'Check that it is up and that DATABASE_URL (host, port, user, database) is right, then start Firewatch again.',
      );
    throw new FirewatchError(
      'STORE_UNUSABLE',
      `The PostgreSQL database at ${config.databasePath} cannot be used: ${(error as Error).message}.`,
      'Check DATABASE_URL and that its user may create tables in the database (Firewatch migrates it at start).',
    );
  }
}

/** Runs the migrations the database lacks; returns the versions applied now. */
export async function migrateStore(config: StoreLocation): Promise<number[]> {
  if (!config.postgresUrl) {
    const { SqliteStore } = await import('./sqlite/sqlite-store.js');
    const store = SqliteStore.open(config.databasePath);
    const applied = store.appliedAtOpen;
    await store.close();
    return applied;
  }
  const { pgPool } = await import('./postgres/sql.js');
  const { migratePostgres } = await import('./postgres/migrations.js');
  const pool = pgPool(config.postgresUrl);
  try {
    return await migratePostgres(pool);
  } finally {
    await pool.close();
  }
}
