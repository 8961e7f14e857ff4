import type { Change, Deployment } from '../../domain/deployments.js';
import { type Effect, laneOf } from '../../domain/effects.js';
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
  type DeploymentRow,
  deploymentRef,
  deploymentValues,
  duplicate,
  type EventRow,
  incidentRow,
  iso,
  KEPT_SEEN_SOURCE,
  knownMilestones,
  SEEN_RETENTION_MS,
  snake,
  toDeployment,
  toEvent,
} from '../rows.js';
import { migratePostgres } from './migrations.js';
import type { Sql, SqlPool } from './sql.js';

/** How long a replica holds an incident whose reminders it is sending, before another may try. */
const REMINDER_CLAIM_MS = 60_000;

const OPEN = ACTIVE_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * The store on PostgreSQL, for several Firewatch replicas sharing one database. Every write is one
 * transaction; what replicas could race for is decided in the database: incident numbers come from
 * a counter row (locked for the rest of the declaring transaction, so numbers are unique and have
 * no gaps), commits check the version under a row lock, outbox claims use SKIP LOCKED with a lease
 * token, and due reminders are handed to one replica at a time.
 */
export class PostgresStore implements IncidentStore {
  private commits = 0;

  private constructor(private readonly sql: SqlPool) {}

  /** Migrates (once, whichever replica gets there first) and returns the store. */
  static async open(sql: SqlPool): Promise<PostgresStore> {
    await migratePostgres(sql);
    return new PostgresStore(sql);
  }

  async nextIncidentNumber(): Promise<number> {
    const { rows } = await this.sql.query<{ value: number }>(
      "SELECT value FROM counters WHERE name = 'incident_number'",
    );
    return rows[0]!.value + 1;
  }

  async load(id: IncidentId): Promise<StoredIncident | undefined> {
    const { rows } = await this.sql.query<{ data: string; version: number }>(
      'SELECT data, version FROM incidents WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row ? { incident: JSON.parse(row.data) as Incident, version: row.version } : undefined;
  }

  async commit(commit: Commit): Promise<StoredChange> {
    const stored = await this.sql.transaction((tx) => this.writeCommit(tx, commit));
    if (commit.seen?.length && ++this.commits % 1000 === 0)
      await this.sql
        .query('DELETE FROM seen WHERE at < $1 AND source <> $2', [
          millis(commit.recordedAt) - SEEN_RETENTION_MS,
          KEPT_SEEN_SOURCE,
        ])
        .catch(() => undefined);
    return stored;
  }

  private async writeCommit(tx: Sql, commit: Commit): Promise<StoredChange> {
    const { id, expectedVersion, recordedAt } = commit;
    let number: number;
    if (id === undefined) {
      if (expectedVersion !== 0) throw new Error('a new incident is committed at version 0');
      const { rows } = await tx.query<{ value: number }>(
        "UPDATE counters SET value = value + 1 WHERE name = 'incident_number' RETURNING value",
      );
      number = rows[0]!.value;
    } else {
      const { rows } = await tx.query<{ number: number; version: number }>(
        'SELECT number, version FROM incidents WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!rows[0] || rows[0].version !== expectedVersion) throw conflict(id);
      number = rows[0].number;
    }
    const now = millis(recordedAt);
    await markSeen(tx, commit.seen, now);
    const { incident, events } = commit.decide(number);
    if (incident.number !== number || (id !== undefined && incident.id !== id))
      throw new Error(`a commit for ${id ?? `new incident ${number}`} decided about ${incident.id}`);
    const version = expectedVersion + events.length;
    // With no events the projection, a fold of them, is as it was: only refs and markers are new.
    const unchanged = id !== undefined && events.length === 0;
    if (!unchanged) {
      const row = incidentRow(incident, version);
      const columns = Object.keys(row);
      const values = Object.values(row);
      if (id === undefined)
        await tx.query(
          `INSERT INTO incidents (${columns.map(snake).join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
          values,
        );
      else
        await tx.query(
          `UPDATE incidents SET ${columns.map((column, i) => `${snake(column)} = $${i + 1}`).join(', ')},
             reminder_claimed_until = NULL WHERE id = $${columns.length + 1}`,
          [...values, id],
        );
      // The participants table holds who may see a private incident: those still in its channel.
      const mayView = viewers(incident);
      if (mayView.length > 0)
        await insertMany(
          tx,
          'participants (incident_id, user_id)',
          mayView.map((user) => [incident.id, user]),
          'ON CONFLICT DO NOTHING',
        );
      if (incident.leftChannel?.length)
        await tx.query('DELETE FROM participants WHERE incident_id = $1 AND user_id = ANY($2::text[])', [
          incident.id,
          incident.leftChannel,
        ]);
    }
    const stored = events.map((event, index) => {
      const seq = expectedVersion + index + 1;
      return { ...event, seq, recordedAt } as TimelineEvent;
    });
    if (stored.length > 0)
      await insertMany(
        tx,
        'events (incident_id, seq, kind, actor, at, recorded_at, body)',
        stored.map(({ seq, at, actor, kind, recordedAt: _recordedAt, ...body }) => [
          incident.id,
          seq,
          kind,
          actor,
          at,
          recordedAt,
          JSON.stringify(body),
        ]),
      );
    const refs = Object.entries(commit.refs ?? {});
    if (refs.length > 0)
      await insertMany(
        tx,
        'refs (incident_id, key, value)',
        refs.map(([key, value]) => [incident.id, key, value]),
        'ON CONFLICT (incident_id, key) DO UPDATE SET value = excluded.value',
      );
    const effects = commit.effects?.({ incident, events: stored, version }) ?? [];
    if (effects.length > 0)
      await insertMany(
        tx,
        'outbox (incident_id, lane, effect, created_at, next_attempt_at)',
        effects.map((effect) => [incident.id, laneOf(effect), JSON.stringify(effect), now, now]),
      );
    return { incident, events: stored, version, effects };
  }

  async recordDeployment(write: DeploymentWrite): Promise<{ deployment: Deployment; created: boolean }> {
    return this.sql.transaction(async (tx) => {
      await markSeen(tx, write.seen, millis(write.recordedAt));
      const byKey = `SELECT id, ${DEPLOYMENT_COLUMNS} FROM deployments WHERE key = $1`;
      // Looked up first, so that a repeat does not use up a number of the sequence.
      const known = await tx.query<DeploymentRow>(byKey, [write.deployment.key]);
      if (known.rows[0]) return { deployment: toDeployment(known.rows[0]), created: false };
      const values = deploymentValues(write.deployment, write.recordedAt);
      const inserted = await tx.query(
        `INSERT INTO deployments (${DEPLOYMENT_COLUMNS}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (key) DO NOTHING`,
        values,
      );
      const { rows } = await tx.query<DeploymentRow>(byKey, [write.deployment.key]);
      return { deployment: toDeployment(rows[0]!), created: inserted.count === 1 };
    });
  }

  async recordPush(write: PushWrite): Promise<number> {
    return this.sql.transaction(async (tx) => {
      await markSeen(tx, write.seen, millis(write.recordedAt));
      // One push at a time, so that each gets its own number and its commits a run of positions.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
      const { rows } = await tx.query<{ push: number }>(
        'SELECT COALESCE(MAX(push), 0) + 1 AS push FROM pushed_commits',
      );
      let added = 0;
      for (const change of write.changes) {
        const inserted = await tx.query(
          `INSERT INTO pushed_commits (repository, sha, push, committed_at, author) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (repository, sha) DO NOTHING`,
          [write.repository, change.sha, rows[0]!.push, millis(change.committedAt), change.author ?? null],
        );
        added += inserted.count;
      }
      return added;
    });
  }

  async pushedChanges(
    repository: string,
    untilSha: string,
    afterSha?: string,
  ): Promise<Change[] | undefined> {
    const place = async (sha: string) =>
      (
        await this.sql.query<{ position: number; push: number }>(
          'SELECT position, push FROM pushed_commits WHERE repository = $1 AND sha = $2',
          [repository, sha],
        )
      ).rows[0];
    const until = await place(untilSha);
    if (!until) return undefined;
    const after = afterSha ? await place(afterSha) : undefined;
    const { rows } = await this.sql.query<{ sha: string; committed_at: number; author: string | null }>(
      after && after.position < until.position
        ? `SELECT sha, committed_at, author FROM pushed_commits
           WHERE repository = $1 AND position > $2 AND position <= $3 ORDER BY position`
        : `SELECT sha, committed_at, author FROM pushed_commits
           WHERE repository = $1 AND push = $2 AND position <= $3 ORDER BY position`,
      [repository, after && after.position < until.position ? after.position : until.push, until.position],
    );
    return rows.map((row) => ({
      sha: row.sha,
      committedAt: iso(row.committed_at),
      ...(row.author !== null ? { author: row.author } : {}),
    }));
  }

  async deployments(query: DeploymentQuery): Promise<Deployment[]> {
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const clauses: string[] = ['TRUE'];
    if (query.since) clauses.push(`finished_at >= ${bind(millis(query.since))}`);
    if (query.until) clauses.push(`finished_at < ${bind(millis(query.until))}`);
    if (query.service) clauses.push(`service = ${bind(query.service)}`);
    if (query.environments) clauses.push(`environment = ANY(${bind([...query.environments])}::text[])`);
    if (query.status) clauses.push(`status = ${bind(query.status)}`);
    if (query.ref !== undefined) {
      const ref = deploymentRef(query.ref);
      if (!ref) return [];
      clauses.push('id' in ref ? `id = ${bind(ref.id)}` : `sha LIKE ${bind(`${ref.sha}%`)}`);
    }
    const limit = Number(query.limit ?? 100_000);
    const { rows } = await this.sql.query<DeploymentRow>(
      `SELECT id, ${DEPLOYMENT_COLUMNS} FROM deployments WHERE ${clauses.join(' AND ')}
       ORDER BY finished_at DESC, id DESC LIMIT ${limit}`,
      params,
    );
    return rows.map(toDeployment);
  }

  async timeline(id: IncidentId): Promise<TimelineEvent[]> {
    const { rows } = await this.sql.query<EventRow>(
      'SELECT * FROM events WHERE incident_id = $1 ORDER BY seq',
      [id],
    );
    return rows.map(toEvent);
  }

  async event(id: IncidentId, seq: number): Promise<TimelineEvent | undefined> {
    const { rows } = await this.sql.query<EventRow>(
      'SELECT * FROM events WHERE incident_id = $1 AND seq = $2',
      [id, seq],
    );
    return rows[0] ? toEvent(rows[0]) : undefined;
  }

  async list(query: IncidentQuery): Promise<Incident[]> {
    const { where, params } = whereClause(query);
    const limit = Number(query.limit ?? 1000);
    const { rows } = await this.sql.query<{ data: string }>(
      `SELECT data FROM incidents i WHERE ${where} ORDER BY number DESC LIMIT ${limit} OFFSET $${params.length + 1}`,
      [...params, Math.max(0, Math.floor(query.offset ?? 0))],
    );
    return rows.map((row) => JSON.parse(row.data) as Incident);
  }

  async reportRows(query: IncidentQuery): Promise<ReportRow[]> {
    const { where, params } = whereClause(query);
    const { rows } = await this.sql.query<
      Omit<ReportRow, 'detectedAt' | 'declarationKnown' | 'impacts'> & {
        detectedAt: number;
        unknown: number;
        impacts: ReportRow['impacts'] | null;
      }
    >(
      `SELECT id, severity, service, status, impact_started_at AS "impactStartedAt", detected_at AS "detectedAt",
              declared_at AS "declaredAt", acknowledged_at AS "acknowledgedAt", mitigated_at AS "mitigatedAt",
              resolved_at AS "resolvedAt", caused_by AS "causedBy", recorded, unknown_milestones AS unknown,
              CASE WHEN position('"impacts"' in data) > 0 THEN data::jsonb -> 'impacts' END AS impacts
       FROM incidents i WHERE ${where} ORDER BY declared_at, number`,
      params,
    );
    return rows.map(({ unknown, detectedAt, impacts, ...row }) => ({
      ...row,
      ...knownMilestones(detectedAt, unknown),
      ...(impacts ? { impacts } : {}),
    }));
  }

  async refs(id: IncidentId): Promise<Record<string, string>> {
    const { rows } = await this.sql.query<{ key: string; value: string }>(
      'SELECT key, value FROM refs WHERE incident_id = $1',
      [id],
    );
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  async findByRef(key: string, value: string): Promise<IncidentId | undefined> {
    const { rows } = await this.sql.query<{ incident_id: string }>(
      'SELECT incident_id FROM refs WHERE key = $1 AND value = $2 LIMIT 1',
      [key, value],
    );
    return rows[0]?.incident_id;
  }

  async claimEffects(now: Instant, limit: number, leaseMs: number): Promise<ClaimedEffect[]> {
    const at = millis(now);
    // The heads of the lanes (no earlier pending effect in the same incident and lane), due and not
    // leased. SKIP LOCKED: two replicas claiming at once take different heads, never the same one;
    // the next effect of a lane is not a head until this one is done, so lanes stay in order.
    const { rows } = await this.sql.query<{
      id: number;
      incident_id: string;
      effect: string;
      attempts: number;
      created_at: number;
      lease: string;
    }>(
      `WITH heads AS (
         SELECT o.id FROM outbox o
         WHERE o.state = 'pending' AND o.next_attempt_at <= $1 AND (o.locked_until IS NULL OR o.locked_until <= $1)
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.incident_id = o.incident_id AND p.lane = o.lane
                           AND p.state = 'pending' AND p.id < o.id)
         ORDER BY o.id LIMIT $2
         FOR UPDATE OF o SKIP LOCKED)
       UPDATE outbox SET attempts = outbox.attempts + 1, locked_until = $3, lease = gen_random_uuid()::text
       FROM heads WHERE outbox.id = heads.id
       RETURNING outbox.id, outbox.incident_id, outbox.effect, outbox.attempts, outbox.created_at, outbox.lease`,
      [at, limit, at + leaseMs],
    );
    return rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        lease: row.lease,
        incidentId: row.incident_id,
        effect: JSON.parse(row.effect) as Effect,
        attempt: row.attempts,
        createdAt: iso(row.created_at),
      }));
  }

  async extendLeases(claims: readonly EffectClaim[], until: Instant): Promise<void> {
    if (claims.length === 0) return;
    await this.sql.query(
      `UPDATE outbox SET locked_until = $1
       FROM unnest($2::bigint[], $3::text[]) AS c(id, lease)
       WHERE outbox.id = c.id AND outbox.lease = c.lease AND outbox.state = 'pending'`,
      [millis(until), claims.map((claim) => claim.id), claims.map((claim) => claim.lease)],
    );
  }

  async completeEffect(claim: EffectClaim, now: Instant): Promise<boolean> {
    return this.finish(claim, 'done', millis(now), null);
  }

  async retryEffect(claim: EffectClaim, nextAttemptAt: Instant, error: string): Promise<boolean> {
    const { count } = await this.sql.query(
      `UPDATE outbox SET next_attempt_at = $1, last_error = $2, locked_until = NULL, lease = NULL
       WHERE id = $3 AND lease = $4 AND state = 'pending'`,
      [millis(nextAttemptAt), error.slice(0, 2000), claim.id, claim.lease],
    );
    return count === 1;
  }

  async failEffect(claim: EffectClaim, now: Instant, error: string): Promise<boolean> {
    return this.finish(claim, 'failed', millis(now), error.slice(0, 2000));
  }

  private async finish(claim: EffectClaim, state: 'done' | 'failed', at: number, error: string | null) {
    const { count } = await this.sql.query(
      `UPDATE outbox SET state = $1, finished_at = $2, last_error = $3, locked_until = NULL, lease = NULL
       WHERE id = $4 AND lease = $5 AND state = 'pending'`,
      [state, at, error, claim.id, claim.lease],
    );
    return count === 1;
  }

  async nextEffectDueAt(): Promise<Instant | undefined> {
    const { rows } = await this.sql.query<{ due: number | null }>(
      `SELECT MIN(GREATEST(o.next_attempt_at, COALESCE(o.locked_until, 0))) AS due
       FROM (SELECT MIN(id) AS id FROM outbox WHERE state = 'pending' GROUP BY incident_id, lane) head
       JOIN outbox o ON o.id = head.id`,
    );
    const due = rows[0]?.due;
    return due === null || due === undefined ? undefined : iso(due);
  }

  async outboxStats(): Promise<OutboxStats> {
    const { rows } = await this.sql.query<{ pending: number; failed: number; oldest: number | null }>(
      `SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending') AS pending,
              (SELECT COUNT(*) FROM outbox WHERE state = 'failed') AS failed,
              (SELECT MIN(created_at) FROM outbox WHERE state = 'pending') AS oldest`,
    );
    const row = rows[0]!;
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
    const { rows } = await this.sql.query<{ severity: Severity; open: number }>(
      `SELECT severity, COUNT(*) AS open FROM incidents WHERE status IN (${OPEN}) GROUP BY severity`,
    );
    for (const row of rows) counts[row.severity] = row.open;
    return counts;
  }

  async seen(marker: SeenMarker): Promise<boolean> {
    const { rows } = await this.sql.query('SELECT 1 FROM seen WHERE source = $1 AND key = $2', [
      marker.source,
      marker.key,
    ]);
    return rows.length > 0;
  }

  /**
   * Due reminders, each handed to one replica: the incident is held for a minute (or until its next
   * commit), so replicas ticking at once send each nudge once instead of racing for it.
   */
  async dueReminders(now: Instant, limit: number): Promise<IncidentId[]> {
    const at = millis(now);
    const { rows } = await this.sql.query<{ id: string; due: number }>(
      `UPDATE incidents SET reminder_claimed_until = $2
       WHERE id IN (SELECT id FROM incidents
                    WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= $1
                      AND (reminder_claimed_until IS NULL OR reminder_claimed_until <= $1)
                    ORDER BY next_reminder_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, next_reminder_at AS due`,
      [at, at + REMINDER_CLAIM_MS, limit],
    );
    return rows.sort((a, b) => a.due - b.due).map((row) => row.id);
  }

  /**
   * Healthy when a write commits, not merely when the server answers: a server that went read-only
   * (a replica promoted the wrong way, `default_transaction_read_only`, a full disk) still answers
   * `SELECT 1` while every command fails. Like SQLite's probe, one row of `seen` is written.
   */
  async ping(): Promise<void> {
    await this.sql.transaction((tx) =>
      tx.query(
        `INSERT INTO seen (source, key, at) VALUES ('healthz', 'probe', $1)
         ON CONFLICT (source, key) DO UPDATE SET at = EXCLUDED.at`,
        [Date.now()],
      ),
    );
  }

  async close(): Promise<void> {
    await this.sql.close();
  }
}

/** Any number, as long as every Firewatch process uses the same one (and not the migrations'). */
const PUSH_LOCK = 7_423_002;

/** Records delivery ids; one recorded before means the whole write is a repeat (DUPLICATE). */
async function markSeen(tx: Sql, seen: readonly SeenMarker[] | undefined, now: number): Promise<void> {
  for (const marker of seen ?? []) {
    const inserted = await tx.query(
      'INSERT INTO seen (source, key, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [marker.source, marker.key, now],
    );
    if (inserted.count !== 1) throw duplicate(marker);
  }
}

/** One INSERT for many rows, with a placeholder per value. */
async function insertMany(tx: Sql, into: string, rows: unknown[][], tail = ''): Promise<void> {
  const width = rows[0]!.length;
  const placeholders = rows.map(
    (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
  );
  await tx.query(`INSERT INTO ${into} VALUES ${placeholders.join(', ')} ${tail}`, rows.flat());
}

function whereClause(query: IncidentQuery): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const clauses = query.includePrivate
    ? ['TRUE']
    : [
        `(NOT i.private OR EXISTS (SELECT 1 FROM participants p WHERE p.incident_id = i.id AND p.user_id = ${bind(query.viewer)}))`,
      ];
  if (query.statuses) {
    const names = query.statuses.filter((status) => STATUSES.includes(status)).map((status) => `'${status}'`);
    clauses.push(names.length > 0 ? `i.status IN (${names.join(', ')})` : 'FALSE');
  }
  if (query.declaredSince) clauses.push(`i.declared_at >= ${bind(millis(query.declaredSince))}`);
  if (query.activeSince) {
    const since = bind(millis(query.activeSince));
    clauses.push(`(i.declared_at >= ${since} OR i.resolved_at >= ${since} OR i.status IN (${OPEN}))`);
  }
  if (query.withOpenActions) clauses.push('i.open_actions > 0');
  if (query.recorded !== undefined) clauses.push(query.recorded ? 'i.recorded' : 'NOT i.recorded');
  if (query.withCause) clauses.push('i.caused_by IS NOT NULL');
  if (query.service) clauses.push(`i.service = ${bind(query.service)}`);
  if (query.severity) clauses.push(`i.severity = ${bind(query.severity)}`);
  return { where: clauses.join(' AND '), params };
}
