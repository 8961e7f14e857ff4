/**
 * Versioned schema changes, applied in order at start. Each runs once, in its own transaction;
 * `schema_migrations` records what has been applied, so running them again does nothing.
 * Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'incidents, timeline, outbox',
    sql: `
      CREATE TABLE incidents (
        id                TEXT PRIMARY KEY,
        number            INTEGER NOT NULL UNIQUE,
        version           INTEGER NOT NULL,
        title             TEXT NOT NULL,
        severity          TEXT NOT NULL,
        status            TEXT NOT NULL,
        service           TEXT,
        private           INTEGER NOT NULL,
        impact_started_at INTEGER NOT NULL,
        detected_at       INTEGER NOT NULL,
        declared_at       INTEGER NOT NULL,
        acknowledged_at   INTEGER,
        mitigated_at      INTEGER,
        resolved_at       INTEGER,
        closed_at         INTEGER,
        next_reminder_at  INTEGER,
        open_actions      INTEGER NOT NULL DEFAULT 0,
        data              TEXT NOT NULL
      );
      CREATE INDEX incidents_declared_at ON incidents (declared_at);
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
      ) WITHOUT ROWID;

      CREATE TABLE participants (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        user_id     TEXT NOT NULL,
        PRIMARY KEY (incident_id, user_id)
      ) WITHOUT ROWID;

      CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id     TEXT NOT NULL REFERENCES incidents (id),
        lane            TEXT NOT NULL,
        effect          TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        locked_until    INTEGER,
        state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
        finished_at     INTEGER,
        last_error      TEXT
      );
      CREATE INDEX outbox_pending ON outbox (incident_id, lane, id) WHERE state = 'pending';

      CREATE TABLE refs (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        key         TEXT NOT NULL,
        value       TEXT NOT NULL,
        PRIMARY KEY (incident_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX refs_by_value ON refs (key, value);

      CREATE TABLE seen (
        source TEXT NOT NULL,
        key    TEXT NOT NULL,
        at     INTEGER NOT NULL,
        PRIMARY KEY (source, key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'outbox: failed effects indexed',
    // outboxStats (and /metrics) count failed effects; without this they scan every effect ever run.
    sql: `CREATE INDEX outbox_failed ON outbox (id) WHERE state = 'failed';`,
  },
  {
    version: 3,
    name: 'incidents: covering index for reports',
    // stats reads six milestones of every incident in its window. From the table that is ~2 KB a row
    // (the projection's JSON sits beside them); from this index, ~100 bytes. It starts with
    // declared_at, so it also serves every window query incidents_declared_at served.
    sql: `
      CREATE INDEX incidents_report ON incidents (
        declared_at, severity, service, status, private,
        impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, id
      );
      DROP INDEX incidents_declared_at;
    `,
  },
  {
    version: 4,
    name: 'outbox: pending effects in order',
    // The worker claims the oldest heads first: walking this index it stops after a few rows,
    // where grouping outbox_pending visits every pending effect (slow during a long backlog).
    sql: `CREATE INDEX outbox_pending_order ON outbox (id) WHERE state = 'pending';`,
  },
  {
    version: 5,
    name: 'outbox: lease tokens',
    // A claim's token: completing, retrying or failing an effect needs it, so a worker whose lease
    // ran out cannot finish an effect that another worker has claimed again.
    sql: 'ALTER TABLE outbox ADD COLUMN lease TEXT;',
  },
  {
    version: 6,
    name: 'deployments, pushed commits, incident causes',
    // The four keys need deployments and the commits they shipped; an incident's cause is a column
    // so that reports read it from the covering index like the milestones.
    sql: `
      CREATE TABLE deployments (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        key         TEXT NOT NULL UNIQUE,
        service     TEXT NOT NULL,
        mapped      INTEGER NOT NULL,
        repository  TEXT,
        environment TEXT NOT NULL,
        sha         TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('success', 'failure')),
        finished_at INTEGER NOT NULL,
        started_at  INTEGER,
        creator     TEXT,
        source      TEXT NOT NULL,
        changes     TEXT,
        recorded_at INTEGER NOT NULL
      );
      CREATE INDEX deployments_finished ON deployments (finished_at);
      CREATE INDEX deployments_service ON deployments (service, finished_at);
      CREATE INDEX deployments_sha ON deployments (sha);

      CREATE TABLE pushed_commits (
        position     INTEGER PRIMARY KEY AUTOINCREMENT,
        repository   TEXT NOT NULL,
        sha          TEXT NOT NULL,
        push         INTEGER NOT NULL,
        committed_at INTEGER NOT NULL,
        author       TEXT,
        UNIQUE (repository, sha)
      );

      ALTER TABLE incidents ADD COLUMN caused_by TEXT;
      DROP INDEX incidents_report;
      CREATE INDEX incidents_report ON incidents (
        declared_at, severity, service, status, private,
        impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, caused_by, id
      );
    `,
  },
  {
    version: 7,
    name: 'incidents recorded after the fact',
    // Reports count them apart (and leave them out with --live-only); the flag sits in the covering
    // index with the milestones, so a report still reads no projection.
    sql: `
      ALTER TABLE incidents ADD COLUMN recorded INTEGER NOT NULL DEFAULT 0;
      DROP INDEX incidents_report;
      CREATE INDEX incidents_report ON incidents (
        declared_at, severity, service, status, private,
        impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, caused_by, recorded, id
      );
    `,
  },
  {
    version: 8,
    name: 'milestones an incident recorded after the fact did not give',
    // Bits: 1 detection, 2 declaration (rows.ts). Their stored times are stand-ins, left out of TTD
    // and TTA; in the covering index too, so a report still reads no projection.
    sql: `
      ALTER TABLE incidents ADD COLUMN unknown_milestones INTEGER NOT NULL DEFAULT 0;
      DROP INDEX incidents_report;
      CREATE INDEX incidents_report ON incidents (
        declared_at, severity, service, status, private, impact_started_at, detected_at,
        acknowledged_at, mitigated_at, resolved_at, caused_by, recorded, unknown_milestones, id
      );
    `,
  },
];
