import type { Sql, SqlPool } from './sql.js';

/**
 * PostgreSQL's schema, versioned like SQLite's: each migration runs once, and never changes once
 * shipped. Times are epoch milliseconds (BIGINT) and documents are JSON text, as in SQLite, so
 * both stores give the same figures to the millisecond.
 */
export const PG_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'incidents, timeline, outbox, refs, deliveries',
    sql: `
      CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
      INSERT INTO counters (name, value) VALUES ('incident_number', 0);

      CREATE TABLE incidents (
        id                TEXT PRIMARY KEY,
        number            INTEGER NOT NULL UNIQUE,
        version           INTEGER NOT NULL,
        title             TEXT NOT NULL,
        severity          TEXT NOT NULL,
        status            TEXT NOT NULL,
        service           TEXT,
        private           BOOLEAN NOT NULL,
        impact_started_at BIGINT NOT NULL,
        detected_at       BIGINT NOT NULL,
        declared_at       BIGINT NOT NULL,
        acknowledged_at   BIGINT,
        mitigated_at      BIGINT,
        resolved_at       BIGINT,
        closed_at         BIGINT,
        next_reminder_at  BIGINT,
        reminder_claimed_until BIGINT,
        open_actions      INTEGER NOT NULL DEFAULT 0,
        data              TEXT NOT NULL
      );
      CREATE INDEX incidents_report ON incidents (declared_at) INCLUDE (
        severity, service, status, private, impact_started_at, detected_at, acknowledged_at,
        mitigated_at, resolved_at);
      CREATE INDEX incidents_open ON incidents (status) WHERE status IN ('investigating', 'identified', 'monitoring');
      CREATE INDEX incidents_reminders ON incidents (next_reminder_at) WHERE next_reminder_at IS NOT NULL;
      CREATE INDEX incidents_open_actions ON incidents (number) WHERE open_actions > 0;

      CREATE TABLE events (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        seq         INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        actor       TEXT NOT NULL,
        at          TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        body        TEXT NOT NULL,
        PRIMARY KEY (incident_id, seq)
      );

      CREATE TABLE participants (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        user_id     TEXT NOT NULL,
        PRIMARY KEY (incident_id, user_id)
      );

      CREATE TABLE outbox (
        id              BIGSERIAL PRIMARY KEY,
        incident_id     TEXT NOT NULL REFERENCES incidents (id),
        lane            TEXT NOT NULL,
        effect          TEXT NOT NULL,
        created_at      BIGINT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        locked_until    BIGINT,
        lease           TEXT,
        state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
        finished_at     BIGINT,
        last_error      TEXT
      );
      CREATE INDEX outbox_pending ON outbox (incident_id, lane, id) WHERE state = 'pending';
      CREATE INDEX outbox_pending_order ON outbox (id) WHERE state = 'pending';
      CREATE INDEX outbox_failed ON outbox (id) WHERE state = 'failed';

      CREATE TABLE refs (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        key         TEXT NOT NULL,
        value       TEXT NOT NULL,
        PRIMARY KEY (incident_id, key)
      );
      CREATE INDEX refs_by_value ON refs (key, value);

      CREATE TABLE seen (
        source TEXT NOT NULL,
        key    TEXT NOT NULL,
        at     BIGINT NOT NULL,
        PRIMARY KEY (source, key)
      );
    `,
  },
  {
    version: 2,
    name: 'deployments, pushed commits, incident causes',
    sql: `
      CREATE TABLE deployments (
        id          BIGSERIAL PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        service     TEXT NOT NULL,
        mapped      BOOLEAN NOT NULL,
        repository  TEXT,
        environment TEXT NOT NULL,
        sha         TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('success', 'failure')),
        finished_at BIGINT NOT NULL,
        started_at  BIGINT,
        creator     TEXT,
        source      TEXT NOT NULL,
        changes     TEXT,
        recorded_at BIGINT NOT NULL
      );
      CREATE INDEX deployments_finished ON deployments (finished_at);
      CREATE INDEX deployments_service ON deployments (service, finished_at);
      CREATE INDEX deployments_sha ON deployments (sha text_pattern_ops);

      CREATE TABLE pushed_commits (
        position     BIGSERIAL PRIMARY KEY,
        repository   TEXT NOT NULL,
        sha          TEXT NOT NULL,
        push         BIGINT NOT NULL,
        committed_at BIGINT NOT NULL,
        author       TEXT,
        UNIQUE (repository, sha)
      );

      ALTER TABLE incidents ADD COLUMN caused_by TEXT;
      DROP INDEX incidents_report;
      CREATE INDEX incidents_report ON incidents (declared_at) INCLUDE (
        severity, service, status, private, impact_started_at, detected_at, acknowledged_at,
        mitigated_at, resolved_at, caused_by);
    `,
  },
  {
    version: 7,
    name: 'incidents recorded after the fact',
    sql: `
      ALTER TABLE incidents ADD COLUMN recorded BOOLEAN NOT NULL DEFAULT FALSE;
      DROP INDEX incidents_report;
      CREATE INDEX incidents_report ON incidents (declared_at) INCLUDE (
        severity, service, status, private, impact_started_at, detected_at, acknowledged_at,
        mitigated_at, resolved_at, caused_by, recorded);
    `,
  },
  {
    version: 8,
    name: 'milestones an incident recorded after the fact did not give',
    sql: `
      ALTER TABLE incidents ADD COLUMN unknown_milestones SMALLINT NOT NULL DEFAULT 0;
      DROP INDEX incidents_report;
      CREATE INDEX incidents_report ON incidents (declared_at) INCLUDE (
        severity, service, status, private, impact_started_at, detected_at, acknowledged_at,
        mitigated_at, resolved_at, caused_by, recorded, unknown_milestones);
    `,
  },
];

/** Any number, as long as every Firewatch process uses the same one. */
const MIGRATION_LOCK = 7_423_001;

/**
 * Applies what is missing, under a transaction-scoped advisory lock: replicas that start together
 * wait for the first one, then find nothing left to do.
 */
export async function migratePostgres(pool: SqlPool): Promise<number[]> {
  return pool.transaction(async (tx: Sql) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const now: number[] = [];
    for (const migration of PG_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      now.push(migration.version);
    }
    return now;
  });
}
