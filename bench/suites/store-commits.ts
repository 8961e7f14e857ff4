import path from 'node:path';
import { laneOf } from '../../src/domain/effects.js';
import type { Decision } from '../../src/domain/ports.js';
import { nextReminderAt } from '../../src/domain/reminders.js';
import { millis } from '../../src/domain/time.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { DECLARE_EFFECTS, declareCommit, declareDecision } from '../support/declare-commit.js';
import { median } from '../support/numbers.js';
import { tempDir } from '../support/temp.js';

export type Synchronous = 'NORMAL' | 'FULL';

export interface CommitRates {
  synchronous: Synchronous;
  store: number;
  raw: number;
  /** Median over rounds of store ÷ raw within the round. */
  ratio: number;
}

export interface StoreCommitResults {
  commitsPerRound: number;
  rounds: number;
  bySynchronous: CommitRates[];
}

/**
 * The floor: the same rows (already serialized) into the same schema with the same pragmas,
 * through plain prepared statements in one transaction. What the store adds on top is building
 * the rows from the incident, its checks, and the async port.
 */
function rawWriter(file: string, synchronous: Synchronous) {
  const db = SqliteStore.open(file).connection;
  db.pragma(`synchronous = ${synchronous}`);
  const incident = db.prepare(
    `INSERT INTO incidents (id, number, version, title, severity, status, service, private, impact_started_at,
       detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at, closed_at, next_reminder_at, open_actions, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const event = db.prepare(
    'INSERT INTO events (incident_id, seq, kind, actor, at, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const participant = db.prepare('INSERT INTO participants (incident_id, user_id) VALUES (?, ?)');
  const effect = db.prepare(
    'INSERT INTO outbox (incident_id, lane, effect, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)',
  );
  type Row = ReturnType<typeof toRows>;
  const write = db.transaction((rows: Row) => {
    incident.run(rows.incident);
    for (const values of rows.events) event.run(values);
    for (const values of rows.participants) participant.run(values);
    for (const values of rows.effects) effect.run(values);
  });
  return { write: (rows: Row) => write.immediate(rows), close: () => db.close() };
}

function toRows({ incident, events }: Decision, recordedAt: string) {
  const m = incident.milestones;
  const at = millis(recordedAt);
  return {
    incident: [
      incident.id,
      incident.number,
      events.length,
      incident.title,
      incident.severity,
      incident.status,
      null,
      0,
      millis(m.impactStartedAt),
      millis(m.detectedAt),
      millis(m.declaredAt),
      null,
      null,
      null,
      null,
      millis(nextReminderAt(incident.reminders) ?? m.declaredAt),
      0,
      JSON.stringify(incident),
    ],
    events: events.map(({ at: when, actor, kind, ...body }, index) => [
      incident.id,
      index + 1,
      kind,
      actor,
      when,
      recordedAt,
      JSON.stringify(body),
    ]),
    participants: incident.participants.map((user) => [incident.id, user]),
    effects: DECLARE_EFFECTS.map((effect) => [incident.id, laneOf(effect), JSON.stringify(effect), at, at]),
  };
}

async function measure(synchronous: Synchronous, commitsPerRound: number, rounds: number) {
  const dir = tempDir(`commits-${synchronous.toLowerCase()}`);
  const store = SqliteStore.open(path.join(dir, 'store.db'));
  store.connection.pragma(`synchronous = ${synchronous}`);
  const raw = rawWriter(path.join(dir, 'raw.db'), synchronous);
  const at = '2026-11-26T14:00:00.000Z';
  let next = 1;
  const storeRates: number[] = [];
  const rawRates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const first = next;
    next += commitsPerRound;
    // Built outside the timed loops: both sides get the same commits, ready-made.
    const commits = Array.from({ length: commitsPerRound }, () => declareCommit(at));
    const rows = Array.from({ length: commitsPerRound }, (_, i) =>
      toRows(declareDecision(first + i, at), at),
    );
    const timeStore = async () => {
      const start = performance.now();
      for (const commit of commits) await store.commit(commit);
      storeRates.push(commitsPerRound / ((performance.now() - start) / 1000));
    };
    const timeRaw = () => {
      const start = performance.now();
      for (const values of rows) raw.write(values);
      rawRates.push(commitsPerRound / ((performance.now() - start) / 1000));
    };
    if (round % 2 === 0) {
      timeRaw();
      await timeStore();
    } else {
      await timeStore();
      timeRaw();
    }
  }
  await store.close();
  raw.close();
  return {
    synchronous,
    store: median(storeRates),
    raw: median(rawRates),
    ratio: median(storeRates.map((rate, round) => rate / rawRates[round]!)),
  };
}

/** Commits per second of the store's atomic append against raw inserts, under NORMAL and FULL. */
export async function storeCommitSuite(options: {
  commitsPerRound: number;
  rounds: number;
  fullRounds: number;
}): Promise<StoreCommitResults> {
  return {
    commitsPerRound: options.commitsPerRound,
    rounds: options.rounds,
    bySynchronous: [
      await measure('NORMAL', options.commitsPerRound, options.rounds),
      await measure('FULL', Math.max(50, Math.floor(options.commitsPerRound / 10)), options.fullRounds),
    ],
  };
}
