import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Change, Deployment } from '../../domain/deployments.js';
import { type Effect, laneOf } from '../../domain/effects.js';
import { FirewatchError } from '../../domain/errors.js';
import type { TimelineEvent } from '../../domain/events.js';
import { type Incident, type IncidentId, viewers } from '../../domain/incident.js';
import { ACTIVE_STATUSES, STATUSES } from '../../domain/lifecycle.js';
import type {
  ClaimedEffect,
  Commit,
  DeploymentQuery,
  DeploymentWrite,
  EffectClaim,
  IncidentQuery,
  IncidentStore,
  OutboxStats,
  PushWrite,
  ReportRow,
  SeenMarker,
  StoredChange,
  StoredIncident,
} from '../../domain/ports.js';
import { SEVERITIES, type Severity } from '../../domain/severity.js';
import { type Instant, millis } from '../../domain/time.js';
import {
  conflict,
  DEPLOYMENT_COLUMNS,
  DEPLOYMENT_PLACEHOLDERS,
  type DeploymentRow,
  deploymentRef,
  deploymentValues,
  duplicate,
  type EventRow,
  incidentRow,
  iso,
  KEPT_SEEN_SOURCE,
  SEEN_RETENTION_MS,
  toDeployment,
  toEvent,
} from '../rows.js';
import { MIGRATIONS } from './migrations.js';
import { ReportCache } from './report-cache.js';

type Db = Database.Database;

/** Long enough after open for a server to have started: loading 100k incidents blocks for ~0.5–1 s. */
const WARM_REPORTS_AFTER_MS = 1_000;

/**
 * The store on better-sqlite3. The port is asynchronous so that a networked database can implement
 * it too; here every call completes synchronously inside, and every write is one transaction.
 */
export class SqliteStore implements IncidentStore {
  private readonly statements: ReturnType<typeof prepare>;
  private readonly commitTx: Database.Transaction<(commit: Commit) => Written>;
  /** Commits waiting for the next group transaction (see `commit`). */
  private waiting: Array<{
    commit: Commit;
    resolve: (stored: StoredChange) => void;
    reject: (error: unknown) => void;
  }> = [];
  private readonly groupTx: Database.Transaction<(group: SqliteStore['waiting']) => unknown[]>;
  private readonly claimTx: Database.Transaction<
    (now: number, limit: number, leaseMs: number) => ClaimedEffect[]
  >;
  private readonly deploymentTx: Database.Transaction<
    (write: DeploymentWrite) => { deployment: Deployment; created: boolean }
  >;
  private readonly pushTx: Database.Transaction<(write: PushWrite) => number>;
  private commits = 0;
  private outboxWasEmpty = false;
  private readonly reports: ReportCache;
  private readonly warming: NodeJS.Timeout;

  private constructor(
    private readonly db: Db,
    /** The migrations this open applied (none when the file was up to date). */
    readonly appliedAtOpen: number[] = [],
    /** The file as opened (absent in memory): deleted or replaced later, writes would vanish. */
    private readonly file?: { path: string; dev: number; ino: number },
  ) {
    this.statements = prepare(db);
    this.reports = new ReportCache(db);
    // Off the start-up path; a failure leaves the cache unloaded, and the first report loads it
    // (and reports the error to its reader).
    this.warming = setTimeout(() => {
      try {
        if (this.db.open) this.reports.warm();
      } catch {}
    }, WARM_REPORTS_AFTER_MS).unref();
    this.commitTx = db.transaction((commit: Commit) => this.writeCommit(commit));
    // Each commit of a group in its own savepoint (a nested transaction): one that fails (CONFLICT,
    // DUPLICATE) is rolled back alone, and the others are written.
    this.groupTx = db.transaction((group: SqliteStore['waiting']) =>
      group.map(({ commit }) => {
        try {
          return this.commitTx(commit);
        } catch (error) {
          return new Refused(error);
        }
      }),
    );
    this.claimTx = db.transaction((now: number, limit: number, leaseMs: number) =>
      this.claim(now, limit, leaseMs),
    );
    this.deploymentTx = db.transaction((write: DeploymentWrite) => this.writeDeployment(write));
    this.pushTx = db.transaction((write: PushWrite) => this.writePush(write));
  }

  /**
   * Opens (creating the folder and file if needed) and migrates. Throws STORE_UNUSABLE with the path
   * when the file cannot be opened, is not a database, or fails its integrity check.
   */
  static open(file: string): SqliteStore {
    let db: Db | undefined;
    try {
      if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      db = new Database(file);
      // WAL lets readers (reports, /healthz) run beside the writer. synchronous=NORMAL in WAL mode
      // survives a crash or SIGKILL of this process (the WAL is in the OS's hands at commit); only an
      // OS crash or power loss can lose the last commits, which FULL would prevent at one fsync per
      // command. Slack retries nothing for us, so we favour a fast ack; see docs/operations.md, and
      // bench/RESULTS.md for what FULL measurably costs.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // A console and a server may share the file; wait for the other writer instead of failing.
      db.pragma('busy_timeout = 5000');
      const integrity = db.pragma('quick_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`integrity check failed: ${String(integrity)}`);
      const applied = migrate(db);
      if (file === ':memory:') return new SqliteStore(db, applied);
      const opened = fs.statSync(file);
      return new SqliteStore(db, applied, { path: file, dev: opened.dev, ino: opened.ino });
    } catch (error) {
      db?.close();
      if (error instanceof FirewatchError) throw error;
      throw new FirewatchError(
        'STORE_UNUSABLE',
        `The database at ${file} cannot be used: ${(error as Error).message}.`,
        'Check DATABASE_URL: it must name a writable file (its folder is created if missing), or restore a backup.',
      );
    }
  }

  /**
   * For backups and tests: the underlying connection. What is written to incidents through it
   * bypasses the report rows kept in memory (it is the same connection: data_version does not move).
   */
  get connection(): Db {
    return this.db;
  }

  async nextIncidentNumber(): Promise<number> {
    const row = this.statements.maxNumber.get() as { max: number | null };
    return (row.max ?? 0) + 1;
  }

  async load(id: IncidentId): Promise<StoredIncident | undefined> {
    const row = this.statements.load.get(id) as { data: string; version: number } | undefined;
    return row ? { incident: JSON.parse(row.data) as Incident, version: row.version } : undefined;
  }

  /**
   * Group commit: the commits asked for while the event loop handles one round of I/O (the
   * requests that arrived together) are written in one transaction, each in its own savepoint, and
   * each promise settles once that transaction has committed, so nothing is acknowledged before it
   * is in the WAL. One transaction's fixed cost (locks, the WAL frames of the pages every commit
   * touches) is then paid once for the group instead of once per command.
   */
  commit(commit: Commit): Promise<StoredChange> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ commit, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.writeGroup());
    });
  }

  private writeGroup(): void {
    const group = this.waiting;
    this.waiting = [];
    let outcomes: unknown[];
    try {
      // Once a group: a file deleted or replaced under us refuses every commit waiting in it.
      this.assertFileInPlace();
      outcomes = this.groupTx.immediate(group);
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    group.forEach((waiting, index) => {
      const outcome = outcomes[index] as Written | Refused;
      if (outcome instanceof Refused) {
        waiting.reject(outcome.error);
      } else {
        if (outcome.columns) this.reports.apply(outcome.columns);
        waiting.resolve(outcome.change);
      }
    });
  }

  /** Inside an IMMEDIATE transaction: this process holds SQLite's write lock until it returns. */
  private writeCommit(commit: Commit): Written {
    const { id, expectedVersion, recordedAt } = commit;
    let number: number;
    if (id === undefined) {
      if (expectedVersion !== 0) throw new Error('a new incident is committed at version 0');
      number = ((this.statements.maxNumber.get() as { max: number | null }).max ?? 0) + 1;
    } else {
      const row = this.statements.current.get(id) as { number: number; version: number } | undefined;
      if (!row || row.version !== expectedVersion) throw conflict(id);
      number = row.number;
    }
    const now = millis(recordedAt);
    this.markSeen(commit.seen, now);
    const { incident, events } = commit.decide(number);
    if (incident.number !== number || (id !== undefined && incident.id !== id))
      throw new Error(`a commit for ${id ?? `new incident ${number}`} decided about ${incident.id}`);
    const version = expectedVersion + events.length;
    // With no events the projection, a fold of them, is as it was (refs learnt by an effect, say):
    // only the refs and markers are written, not the incident and its indexes again.
    const unchanged = id !== undefined && events.length === 0;
    const row = unchanged ? undefined : incidentRow(incident, version);
    if (row) {
      // SQLite has no booleans: private and recorded are 0 or 1.
      const sqliteRow = { ...row, private: row.private ? 1 : 0, recorded: row.recorded ? 1 : 0 };
      if (id === undefined) this.statements.insertIncident.run(sqliteRow);
      else this.statements.updateIncident.run({ ...sqliteRow, expected: expectedVersion });
      // The participants table holds who may see a private incident: those still in its channel.
      for (const user of viewers(incident)) this.statements.insertParticipant.run(incident.id, user);
      for (const user of incident.leftChannel ?? []) this.statements.deleteParticipant.run(incident.id, user);
    }
    const stored = events.map((event, index) => {
      const seq = expectedVersion + index + 1;
      const { at, actor, kind, ...body } = event;
      this.statements.insertEvent.run(incident.id, seq, kind, actor, at, recordedAt, JSON.stringify(body));
      return { ...event, seq, recordedAt } as TimelineEvent;
    });
    for (const [key, value] of Object.entries(commit.refs ?? {}))
      this.statements.setRef.run(incident.id, key, value);
    const effects = commit.effects?.({ incident, events: stored, version }) ?? [];
    for (const effect of effects)
      this.statements.insertEffect.run(incident.id, laneOf(effect), JSON.stringify(effect), now, now);
    if (commit.seen?.length && ++this.commits % 1000 === 0)
      this.statements.pruneSeen.run(now - SEEN_RETENTION_MS, KEPT_SEEN_SOURCE);
    const columns = row && { ...row, ...(incident.impacts ? { impacts: incident.impacts } : {}) };
    return { change: { incident, events: stored, version, effects }, ...(columns ? { columns } : {}) };
  }

  private markSeen(seen: readonly SeenMarker[] | undefined, now: number): void {
    for (const marker of seen ?? []) {
      if (this.statements.markSeen.run(marker.source, marker.key, now).changes !== 1) throw duplicate(marker);
    }
  }

  async recordDeployment(write: DeploymentWrite): Promise<{ deployment: Deployment; created: boolean }> {
    return this.deploymentTx.immediate(write);
  }

  private writeDeployment(write: DeploymentWrite): { deployment: Deployment; created: boolean } {
    this.markSeen(write.seen, millis(write.recordedAt));
    // Looked up first, so that a repeat does not use up a number (AUTOINCREMENT would).
    const known = this.statements.deploymentByKey.get(write.deployment.key) as DeploymentRow | undefined;
    if (known) return { deployment: toDeployment(known), created: false };
    // SQLite has no booleans: `mapped` is 0 or 1.
    const values = deploymentValues(write.deployment, write.recordedAt).map((value) =>
      typeof value === 'boolean' ? Number(value) : value,
    );
    this.statements.insertDeployment.run(...values);
    const row = this.statements.deploymentByKey.get(write.deployment.key) as DeploymentRow;
    return { deployment: toDeployment(row), created: true };
  }

  async recordPush(write: PushWrite): Promise<number> {
    return this.pushTx.immediate(write);
  }

  private writePush(write: PushWrite): number {
    this.markSeen(write.seen, millis(write.recordedAt));
    const push = (this.statements.nextPush.get() as { push: number }).push;
    let added = 0;
    for (const change of write.changes)
      added += this.statements.insertPushed.run(
        write.repository,
        change.sha,
        push,
        millis(change.committedAt),
        change.author ?? null,
      ).changes;
    return added;
  }

  async pushedChanges(
    repository: string,
    untilSha: string,
    afterSha?: string,
  ): Promise<Change[] | undefined> {
    const until = this.statements.pushedAt.get(repository, untilSha) as PushedPlace | undefined;
    if (!until) return undefined;
    const after = afterSha
      ? (this.statements.pushedAt.get(repository, afterSha) as PushedPlace | undefined)
      : undefined;
    const rows = (
      after && after.position < until.position
        ? this.statements.pushedBetween.all(repository, after.position, until.position)
        : this.statements.pushedInPush.all(repository, until.push, until.position)
    ) as PushedRow[];
    return rows.map(toChange);
  }

  async deployments(query: DeploymentQuery): Promise<Deployment[]> {
    const clauses: string[] = ['1'];
    const params: unknown[] = [];
    if (query.since) {
      clauses.push('finished_at >= ?');
      params.push(millis(query.since));
    }
    if (query.until) {
      clauses.push('finished_at < ?');
      params.push(millis(query.until));
    }
    if (query.service) {
      clauses.push('service = ?');
      params.push(query.service);
    }
    if (query.environments) {
      clauses.push(`environment IN (${query.environments.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...query.environments);
    }
    if (query.status) {
      clauses.push('status = ?');
      params.push(query.status);
    }
    if (query.ref !== undefined) {
      const ref = deploymentRef(query.ref);
      if (!ref) return [];
      if ('id' in ref) {
        clauses.push('id = ?');
        params.push(ref.id);
      } else {
        clauses.push("sha LIKE ? || '%'");
        params.push(ref.sha);
      }
    }
    const limit = query.limit ?? 100_000;
    const where = clauses.join(' AND ');
    const rows = this.db
      .prepare(
        `SELECT id, ${DEPLOYMENT_COLUMNS} FROM deployments WHERE ${where}
         ORDER BY finished_at DESC, id DESC LIMIT ${Number(limit)}`,
      )
      .all(...params) as DeploymentRow[];
    return rows.map(toDeployment);
  }

  async timeline(id: IncidentId): Promise<TimelineEvent[]> {
    return (this.statements.timeline.all(id) as EventRow[]).map(toEvent);
  }

  async event(id: IncidentId, seq: number): Promise<TimelineEvent | undefined> {
    const row = this.statements.event.get(id, seq) as EventRow | undefined;
    return row ? toEvent(row) : undefined;
  }

  async list(query: IncidentQuery): Promise<Incident[]> {
    const { where, params } = whereClause(query);
    const limit = query.limit ?? 1000;
    const rows = this.db
      .prepare(
        `SELECT data FROM incidents i WHERE ${where} ORDER BY number DESC LIMIT ${Number(limit)} OFFSET @offset`,
      )
      .all({ ...params, offset: Math.max(0, Math.floor(query.offset ?? 0)) }) as Array<{ data: string }>;
    return rows.map((row) => JSON.parse(row.data) as Incident);
  }

  /** From memory (see ReportCache): a long window is tens of thousands of rows. */
  async reportRows(query: IncidentQuery): Promise<ReportRow[]> {
    return this.reports.rows(query);
  }

  async refs(id: IncidentId): Promise<Record<string, string>> {
    const rows = this.statements.refs.all(id) as Array<{ key: string; value: string }>;
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  async findByRef(key: string, value: string): Promise<IncidentId | undefined> {
    const row = this.statements.findByRef.get(key, value) as { incident_id: string } | undefined;
    return row?.incident_id;
  }

  async claimEffects(now: Instant, limit: number, leaseMs: number): Promise<ClaimedEffect[]> {
    // The worker is woken after every command, most of which record nothing: once a claim has come
    // back empty, look before taking the write lock again. A commit racing the look is claimed next
    // time; while claims keep finding work, the look would only add a read.
    if (this.outboxWasEmpty && !(this.statements.anyPending.get() as { any: number }).any) return [];
    const claimed = this.claimTx.immediate(millis(now), limit, leaseMs);
    this.outboxWasEmpty = claimed.length === 0;
    return claimed;
  }

  private claim(now: number, limit: number, leaseMs: number): ClaimedEffect[] {
    const rows = this.statements.claimable.all({ now, limit }) as Array<{
      id: number;
      incident_id: string;
      effect: string;
      attempts: number;
      created_at: number;
    }>;
    const leases = rows.map((row) => {
      const lease = randomUUID();
      this.statements.lease.run(now + leaseMs, lease, row.id);
      return lease;
    });
    return rows.map((row, index) => ({
      id: row.id,
      lease: leases[index]!,
      incidentId: row.incident_id,
      effect: JSON.parse(row.effect) as Effect,
      attempt: row.attempts + 1,
      createdAt: iso(row.created_at),
    }));
  }

  async extendLeases(claims: readonly EffectClaim[], until: Instant): Promise<void> {
    const at = millis(until);
    this.db.transaction(() => {
      for (const claim of claims) this.statements.extendLease.run(at, claim.id, claim.lease);
    })();
  }

  async completeEffect(claim: EffectClaim, now: Instant): Promise<boolean> {
    return this.statements.finishEffect.run('done', millis(now), null, claim.id, claim.lease).changes === 1;
  }

  async retryEffect(claim: EffectClaim, nextAttemptAt: Instant, error: string): Promise<boolean> {
    const result = this.statements.retryEffect.run(
      millis(nextAttemptAt),
      error.slice(0, 2000),
      claim.id,
      claim.lease,
    );
    return result.changes === 1;
  }

  async failEffect(claim: EffectClaim, now: Instant, error: string): Promise<boolean> {
    const result = this.statements.finishEffect.run(
      'failed',
      millis(now),
      error.slice(0, 2000),
      claim.id,
      claim.lease,
    );
    return result.changes === 1;
  }

  async nextEffectDueAt(): Promise<Instant | undefined> {
    const row = this.statements.nextDue.get() as { due: number | null };
    return row.due === null ? undefined : iso(row.due);
  }

  async outboxStats(): Promise<OutboxStats> {
    const row = this.statements.outboxStats.get() as {
      pending: number;
      failed: number;
      oldest: number | null;
    };
    return {
      pending: row.pending,
      failed: row.failed,
      ...(row.oldest !== null ? { oldestPendingAt: iso(row.oldest) } : {}),
    };
  }

  async openIncidentsBySeverity(): Promise<Record<Severity, number>> {
    const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
      Severity,
      number
    >;
    for (const row of this.statements.openBySeverity.all() as Array<{ severity: Severity; open: number }>)
      counts[row.severity] = row.open;
    return counts;
  }

  async seen(marker: SeenMarker): Promise<boolean> {
    return Boolean((this.statements.seen.get(marker.source, marker.key) as { seen: number }).seen);
  }

  async dueReminders(now: Instant, limit: number): Promise<IncidentId[]> {
    const rows = this.statements.dueReminders.all(millis(now), limit) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** An online backup (SQLite's backup API): consistent, while the bot keeps running. */
  async backup(destination: string): Promise<void> {
    fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
    await this.db.backup(destination);
  }

  /**
   * Healthy when the file opened is still the one at its path and a write commits. A file deleted
   * (or replaced) while the bot runs takes every later write with it, acknowledged and then gone at
   * the next start; a full disk fails every write while reads still answer.
   */
  async ping(): Promise<void> {
    this.assertFileInPlace();
    this.statements.probeWrite.run(Date.now());
  }

  private assertFileInPlace(): void {
    if (!this.file) return;
    let now: fs.Stats | undefined;
    try {
      now = fs.statSync(this.file.path);
    } catch {
      now = undefined;
    }
    if (!now || now.ino !== this.file.ino || now.dev !== this.file.dev) {
      throw new FirewatchError(
        'STORE_UNAVAILABLE',
        `The database file ${this.file.path} was deleted or replaced while Firewatch was running, so nothing can be stored.`,
        'Restore it from a backup (or move it back), then restart Firewatch.',
      );
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.warming);
    // Commits still waiting for their group are written first, not refused for a closed database.
    if (this.waiting.length > 0 && this.db.open) this.writeGroup();
    if (this.db.open) this.db.close();
  }
}

function migrate(db: Db): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
      (row) => row.version,
    ),
  );
  const now: number[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    now.push(migration.version);
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
  return now;
}

/** The first pending effect of each incident's lane (outbox_pending is exactly the pending rows). */
const PENDING_HEADS = "SELECT MIN(id) AS id FROM outbox WHERE state = 'pending' GROUP BY incident_id, lane";

function prepare(db: Db) {
  const incidentColumns =
    'title = @title, severity = @severity, status = @status, service = @service, private = @private, ' +
    'impact_started_at = @impactStartedAt, detected_at = @detectedAt, declared_at = @declaredAt, ' +
    'acknowledged_at = @acknowledgedAt, mitigated_at = @mitigatedAt, resolved_at = @resolvedAt, ' +
    'closed_at = @closedAt, next_reminder_at = @nextReminderAt, open_actions = @openActions, caused_by = @causedBy, ' +
    'recorded = @recorded, unknown_milestones = @unknownMilestones, ' +
    'data = @data, version = @version';
  return {
    maxNumber: db.prepare('SELECT MAX(number) AS max FROM incidents'),
    load: db.prepare('SELECT data, version FROM incidents WHERE id = ?'),
    current: db.prepare('SELECT number, version FROM incidents WHERE id = ?'),
    insertIncident: db.prepare(
      `INSERT INTO incidents (id, number, version, title, severity, status, service, private, impact_started_at,
         detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at, closed_at, next_reminder_at, open_actions,
         caused_by, recorded, unknown_milestones, data)
       VALUES (@id, @number, @version, @title, @severity, @status, @service, @private, @impactStartedAt,
         @detectedAt, @declaredAt, @acknowledgedAt, @mitigatedAt, @resolvedAt, @closedAt, @nextReminderAt, @openActions,
         @causedBy, @recorded, @unknownMilestones, @data)`,
    ),
    updateIncident: db.prepare(
      `UPDATE incidents SET ${incidentColumns} WHERE id = @id AND version = @expected`,
    ),
    insertEvent: db.prepare(
      'INSERT INTO events (incident_id, seq, kind, actor, at, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertParticipant: db.prepare('INSERT OR IGNORE INTO participants (incident_id, user_id) VALUES (?, ?)'),
    deleteParticipant: db.prepare('DELETE FROM participants WHERE incident_id = ? AND user_id = ?'),
    insertEffect: db.prepare(
      'INSERT INTO outbox (incident_id, lane, effect, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)',
    ),
    timeline: db.prepare('SELECT * FROM events WHERE incident_id = ? ORDER BY seq'),
    event: db.prepare('SELECT * FROM events WHERE incident_id = ? AND seq = ?'),
    setRef: db.prepare(
      'INSERT INTO refs (incident_id, key, value) VALUES (?, ?, ?) ON CONFLICT (incident_id, key) DO UPDATE SET value = excluded.value',
    ),
    refs: db.prepare('SELECT key, value FROM refs WHERE incident_id = ?'),
    findByRef: db.prepare('SELECT incident_id FROM refs WHERE key = ? AND value = ? LIMIT 1'),
    anyPending: db.prepare("SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'pending') AS any"),
    // Only the head of each incident's queue in each lane is eligible: effects run in order. Pending
    // effects are walked oldest first and the walk stops at the limit, so a claim reads a few rows
    // whatever the backlog and however long the history of finished effects.
    claimable: db.prepare(
      `SELECT o.id, o.incident_id, o.effect, o.attempts, o.created_at FROM outbox o INDEXED BY outbox_pending_order
       WHERE o.state = 'pending' AND o.next_attempt_at <= @now AND (o.locked_until IS NULL OR o.locked_until <= @now)
         AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.incident_id = o.incident_id AND p.lane = o.lane
                         AND p.state = 'pending' AND p.id < o.id)
       ORDER BY o.id LIMIT @limit`,
    ),
    lease: db.prepare('UPDATE outbox SET attempts = attempts + 1, locked_until = ?, lease = ? WHERE id = ?'),
    // Only the holder of the current claim may renew or finish it (its lease token).
    extendLease: db.prepare(
      "UPDATE outbox SET locked_until = ? WHERE id = ? AND lease = ? AND state = 'pending'",
    ),
    finishEffect: db.prepare(
      `UPDATE outbox SET state = ?, finished_at = ?, last_error = ?, locked_until = NULL, lease = NULL
       WHERE id = ? AND lease = ? AND state = 'pending'`,
    ),
    retryEffect: db.prepare(
      `UPDATE outbox SET next_attempt_at = ?, last_error = ?, locked_until = NULL, lease = NULL
       WHERE id = ? AND lease = ? AND state = 'pending'`,
    ),
    nextDue: db.prepare(
      `SELECT MIN(MAX(o.next_attempt_at, COALESCE(o.locked_until, 0))) AS due FROM (${PENDING_HEADS}) head
       JOIN outbox o ON o.id = head.id`,
    ),
    // Each count from its partial index: done effects (nearly all of them, forever) are never read.
    outboxStats: db.prepare(
      `SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending') AS pending,
              (SELECT COUNT(*) FROM outbox WHERE state = 'failed') AS failed,
              (SELECT MIN(created_at) FROM outbox WHERE state = 'pending') AS oldest`,
    ),
    openBySeverity: db.prepare(
      `SELECT severity, COUNT(*) AS open FROM incidents
       WHERE status IN (${ACTIVE_STATUSES.map((status) => `'${status}'`).join(', ')}) GROUP BY severity`,
    ),
    markSeen: db.prepare('INSERT OR IGNORE INTO seen (source, key, at) VALUES (?, ?, ?)'),
    pruneSeen: db.prepare('DELETE FROM seen WHERE at < ? AND source <> ?'),
    seen: db.prepare('SELECT EXISTS (SELECT 1 FROM seen WHERE source = ? AND key = ?) AS seen'),
    dueReminders: db.prepare(
      'SELECT id FROM incidents WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ? ORDER BY next_reminder_at LIMIT ?',
    ),
    insertDeployment: db.prepare(
      `INSERT INTO deployments (${DEPLOYMENT_COLUMNS}) VALUES (${DEPLOYMENT_PLACEHOLDERS}) ON CONFLICT (key) DO NOTHING`,
    ),
    deploymentByKey: db.prepare(`SELECT id, ${DEPLOYMENT_COLUMNS} FROM deployments WHERE key = ?`),
    nextPush: db.prepare('SELECT COALESCE(MAX(push), 0) + 1 AS push FROM pushed_commits'),
    insertPushed: db.prepare(
      `INSERT INTO pushed_commits (repository, sha, push, committed_at, author) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (repository, sha) DO NOTHING`,
    ),
    pushedAt: db.prepare('SELECT position, push FROM pushed_commits WHERE repository = ? AND sha = ?'),
    pushedBetween: db.prepare(
      `SELECT sha, committed_at, author FROM pushed_commits
       WHERE repository = ? AND position > ? AND position <= ? ORDER BY position`,
    ),
    pushedInPush: db.prepare(
      `SELECT sha, committed_at, author FROM pushed_commits
       WHERE repository = ? AND push = ? AND position <= ? ORDER BY position`,
    ),
    // One row, rewritten by every health check: proves a write still commits (a full disk fails it).
    probeWrite: db.prepare("INSERT OR REPLACE INTO seen (source, key, at) VALUES ('healthz', 'probe', ?)"),
  };
}

/** A commit of a group that was written, with the columns the report cache takes once it is committed. */
interface Written {
  change: StoredChange;
  /** Absent when the incident was not rewritten (a commit with no events). */
  columns?: ReturnType<typeof incidentRow> & { impacts?: ReportRow['impacts'] };
}

/** A commit of a group that threw: rolled back to its savepoint, and its error kept for its caller. */
class Refused {
  constructor(readonly error: unknown) {}
}

interface PushedPlace {
  position: number;
  push: number;
}

interface PushedRow {
  sha: string;
  committed_at: number;
  author: string | null;
}

function toChange(row: PushedRow): Change {
  return {
    sha: row.sha,
    committedAt: iso(row.committed_at),
    ...(row.author !== null ? { author: row.author } : {}),
  };
}

function whereClause(query: IncidentQuery): { where: string; params: Record<string, unknown> } {
  const clauses = query.includePrivate
    ? ['1']
    : [
        '(i.private = 0 OR EXISTS (SELECT 1 FROM participants p WHERE p.incident_id = i.id AND p.user_id = @viewer))',
      ];
  const params: Record<string, unknown> = query.includePrivate ? {} : { viewer: query.viewer };
  if (query.statuses) {
    // Written into the SQL, not bound: only literals let SQLite use the partial index incidents_open
    // (with parameters, listing the open incidents scanned every incident ever declared).
    const names = query.statuses.filter((status) => STATUSES.includes(status)).map((status) => `'${status}'`);
    clauses.push(names.length > 0 ? `i.status IN (${names.join(', ')})` : '0');
  }
  if (query.declaredSince) {
    clauses.push('i.declared_at >= @declaredSince');
    params.declaredSince = millis(query.declaredSince);
  }
  if (query.activeSince) {
    const open = ACTIVE_STATUSES.map((status) => `'${status}'`).join(', ');
    clauses.push(`(i.declared_at >= @activeSince OR i.resolved_at >= @activeSince OR i.status IN (${open}))`);
    params.activeSince = millis(query.activeSince);
  }
  if (query.withOpenActions) clauses.push('i.open_actions > 0');
  if (query.recorded !== undefined) clauses.push(query.recorded ? 'i.recorded = 1' : 'i.recorded = 0');
  if (query.withCause) clauses.push('i.caused_by IS NOT NULL');
  if (query.service) {
    clauses.push('i.service = @service');
    params.service = query.service;
  }
  if (query.severity) {
    clauses.push('i.severity = @severity');
    params.severity = query.severity;
  }
  return { where: clauses.join(' AND '), params };
}

/**
 * Puts a backup in place of the database at `target`. Firewatch must be stopped: the backup is
 * checked first (it must be a Firewatch database that passes an integrity check), then copied in,
 * and the old write-ahead log is removed so it cannot replay onto the restored file.
 */
export function restoreBackup(backup: string, target: string): { incidents: number } {
  let incidents: number;
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    const integrity = source.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`integrity check failed: ${String(integrity)}`);
    incidents = (source.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
  } catch (error) {
    throw new FirewatchError(
      'STORE_UNUSABLE',
      `${backup} is not a usable Firewatch backup: ${(error as Error).message}.`,
    );
  } finally {
    source.close();
  }
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const staging = `${target}.restoring`;
  fs.copyFileSync(backup, staging);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(staging, target);
  return { incidents };
}
