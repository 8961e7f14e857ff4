import Database from 'better-sqlite3';
import { FirewatchError } from '../domain/errors.js';
import type { IncidentQuery, ReportRow } from '../domain/ports.js';
import { migratePostgres } from './postgres/migrations.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { pgPool, type Sql } from './postgres/sql.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

/** The tables a Firewatch database holds, in an order that respects their references. */
const TABLES = [
  'incidents',
  'events',
  'participants',
  'outbox',
  'refs',
  'seen',
  'deployments',
  'pushed_commits',
] as const;

/** SQLite keeps booleans as 0 and 1; PostgreSQL wants true and false. */
const BOOLEANS: Partial<Record<Table, readonly string[]>> = {
  incidents: ['private', 'recorded'],
  deployments: ['mapped'],
};

/** Serial columns whose sequence must continue after the copied ids. */
const SERIALS: ReadonlyArray<[Table, string]> = [
  ['outbox', 'id'],
  ['deployments', 'id'],
  ['pushed_commits', 'position'],
];
type Table = (typeof TABLES)[number];

export interface CopyResult {
  counts: Record<Table, number>;
  /** The highest incident number: the target numbers new incidents after it. */
  lastNumber: number;
}

/** Rows a batch INSERT carries at most (PostgreSQL takes up to 65,535 parameters a statement). */
const BATCH = 500;

/**
 * Copies a whole SQLite history (incidents, timelines, follow-ups, outbox state, refs, delivery
 * ids, deployments and pushed commits) into a PostgreSQL database, in one transaction, then proves it: the row counts and the
 * report rows (every milestone of every incident, to the millisecond) must be the same on both
 * sides. The target is migrated first and must hold no incidents.
 */
export async function copySqliteToPostgres(from: string, to: string): Promise<CopyResult> {
  // Opening it migrates an older file to the schema this version copies from.
  const migrated = SqliteStore.open(from);
  await migrated.close();
  const source = new Database(from, { readonly: true, fileMustExist: true });
  const pool = pgPool(to);
  try {
    await migratePostgres(pool);
    const existing = await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM incidents');
    if (existing.rows[0]!.n > 0)
      throw new FirewatchError(
        'INVALID_CONFIG',
        `The target database already holds ${existing.rows[0]!.n} incidents; copy only into an empty one.`,
        'Create a new database (or drop its tables) and run copy again.',
      );
    const counts = {} as Record<Table, number>;
    await pool.transaction(async (tx) => {
      for (const table of TABLES) counts[table] = await copyTable(source, tx, table);
      await tx.query(
        "UPDATE counters SET value = (SELECT COALESCE(MAX(number), 0) FROM incidents) WHERE name = 'incident_number'",
      );
      for (const [table, column] of SERIALS)
        await tx.query(
          `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), GREATEST((SELECT MAX(${column}) FROM ${table}), 1))`,
        );
    });
    const lastNumber = (
      source.prepare('SELECT COALESCE(MAX(number), 0) AS n FROM incidents').get() as { n: number }
    ).n;
    await verify(from, pool, counts);
    return { counts, lastNumber };
  } finally {
    source.close();
    await pool.close();
  }
}

async function copyTable(source: Database.Database, tx: Sql, table: Table): Promise<number> {
  const rows = source.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!);
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = columns.map((column) => {
        values.push(BOOLEANS[table]?.includes(column) ? row[column] === 1 : row[column]);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
  return rows.length;
}

/** Both sides must hold the same rows and give the same report figures. */
async function verify(from: string, pool: ReturnType<typeof pgPool>, counts: Record<Table, number>) {
  for (const table of TABLES) {
    const { rows } = await pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${table}`);
    if (rows[0]!.n !== counts[table])
      throw new Error(
        `copy check failed: ${table} has ${rows[0]!.n} rows in PostgreSQL, ${counts[table]} in SQLite`,
      );
  }
  const everyone: IncidentQuery = { viewer: 'system:copy', includePrivate: true };
  const sqlite = SqliteStore.open(from);
  const postgres = await PostgresStore.open(pool);
  // The same rows in the same order, each with its keys in one order (the stores build them apart).
  const byId = (rows: ReportRow[]) =>
    JSON.stringify(
      [...rows].sort((a, b) => a.id.localeCompare(b.id)),
      [...new Set(rows.flatMap((row) => Object.keys(row)))].sort(),
    );
  try {
    if (byId(await sqlite.reportRows(everyone)) !== byId(await postgres.reportRows(everyone)))
      throw new Error('copy check failed: the report figures differ between SQLite and PostgreSQL');
    if ((await sqlite.nextIncidentNumber()) !== (await postgres.nextIncidentNumber()))
      throw new Error('copy check failed: the next incident number differs');
  } finally {
    await sqlite.close();
  }
}
