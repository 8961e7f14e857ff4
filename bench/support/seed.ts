import type { NewEvent } from '../../src/domain/events.js';
import { evolveAll } from '../../src/domain/evolve.js';
import { DEFAULT_REMINDER_POLICY, nextReminderAt, scheduleReminders } from '../../src/domain/reminders.js';
import type { Severity } from '../../src/domain/severity.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SERVICES = ['payments', 'database', 'api-gateway', undefined];
const SEVERITIES: Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV3', 'SEV4'];
const PEOPLE = ['UALICE', 'UBOB', 'UCAROL', 'UDAN', 'UERIN', 'UFRANK'];

/** A deterministic pseudo-random source, so every run seeds the same history. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    /** Exponentially distributed around `mean`: incident durations are skewed. */
    skewed: (mean: number) => Math.round(-Math.log(1 - next()) * mean),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One incident's ten timeline events, from declare to close (or still open, for a few): the
 * projection is then folded from them by the real domain code, so the stored JSON is genuine.
 */
function historyOf(
  number: number,
  declaredAt: number,
  rng: ReturnType<typeof random>,
  open: boolean,
): NewEvent[] {
  const declarer = rng.pick(PEOPLE);
  const commander = rng.pick(PEOPLE.filter((person) => person !== declarer));
  const service = rng.pick(SERVICES);
  const acked = declaredAt + rng.skewed(5 * MINUTE);
  const mitigated = acked + rng.skewed(40 * MINUTE);
  const resolved = mitigated + rng.skewed(90 * MINUTE);
  const at = (ms: number, actor = commander) => ({ at: iso(ms), actor });
  const events: NewEvent[] = [
    {
      kind: 'declared',
      number,
      title: `Checkout latency is high in region ${number % 7}`,
      severity: rng.pick(SEVERITIES),
      ...(service ? { service } : {}),
      private: rng.next() < 0.02,
      ...at(declaredAt, declarer),
    },
    { kind: 'role_assigned', role: 'commander', user: commander, ...at(acked) },
    {
      kind: 'milestone_set',
      milestone: 'impactStartedAt',
      value: iso(declaredAt - rng.skewed(15 * MINUTE)),
      ...at(acked + MINUTE),
    },
    {
      kind: 'note_added',
      text: 'p99 latency doubled after the 14:00 deploy',
      source: 'command',
      ...at(acked + 2 * MINUTE),
    },
    { kind: 'status_changed', from: 'investigating', to: 'identified', ...at(acked + 3 * MINUTE) },
    {
      kind: 'update_posted',
      text: 'Rolling back the deploy; error rate falling.',
      ...at(acked + 4 * MINUTE),
    },
  ];
  const due = iso(declaredAt + 14 * DAY).slice(0, 10);
  const followUp: NewEvent = {
    kind: 'action_added',
    actionId: 'A1',
    text: 'Add a canary stage',
    owner: commander,
    due,
    ...at(acked + 5 * MINUTE),
  };
  if (open) {
    events.push(
      followUp,
      {
        kind: 'note_added',
        text: 'Still seeing timeouts from one pool',
        source: 'command',
        ...at(acked + 6 * MINUTE),
      },
      { kind: 'update_posted', text: 'Investigating the remaining pool.', ...at(acked + 7 * MINUTE) },
      {
        kind: 'note_added',
        text: 'Paged the database on-call',
        source: 'command',
        ...at(acked + 8 * MINUTE),
      },
    );
    return events;
  }
  events.push({ kind: 'status_changed', from: 'identified', to: 'monitoring', ...at(mitigated) }, followUp, {
    kind: 'resolved',
    from: 'monitoring',
    summary: 'Rolled back; latency normal.',
    ...at(resolved),
  });
  // One in a hundred keeps its follow-up open (overdue, for the stats report); the rest finish it.
  events.push(
    rng.next() < 0.01
      ? { kind: 'note_added', text: 'Postmortem reviewed', source: 'command', ...at(resolved + DAY) }
      : { kind: 'action_done', actionId: 'A1', ...at(resolved + 2 * DAY) },
  );
  return events;
}

export interface SeedResult {
  incidents: number;
  events: number;
  outbox: number;
  seconds: number;
  windowDays: number;
}

/**
 * `incidents` incidents over the last `days` days, ten events each, their effects all done,
 * written straight into the store's own schema in one transaction (seeding is not what is measured).
 */
export function seedHistory(file: string, incidents: number, days: number, now = Date.now()): SeedResult {
  const start = performance.now();
  const store = SqliteStore.open(file);
  const db = store.connection;
  db.pragma('synchronous = OFF');
  const insertIncident = db.prepare(
    `INSERT INTO incidents (id, number, version, title, severity, status, service, private, impact_started_at,
       detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at, closed_at, next_reminder_at, open_actions, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    'INSERT INTO events (incident_id, seq, kind, actor, at, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertParticipant = db.prepare(
    'INSERT OR IGNORE INTO participants (incident_id, user_id) VALUES (?, ?)',
  );
  const insertEffect = db.prepare(
    `INSERT INTO outbox (incident_id, lane, effect, created_at, attempts, next_attempt_at, state, finished_at)
     VALUES (?, 'chat', ?, ?, 1, ?, 'done', ?)`,
  );
  const insertRef = db.prepare('INSERT INTO refs (incident_id, key, value) VALUES (?, ?, ?)');
  const effects = [
    'channel.create',
    'channel.invite',
    'channel.topic',
    'card.post',
    'announce.post',
    'cards.refresh',
  ].map((type) => JSON.stringify({ type }));
  const rng = random(42);
  const first = now - days * DAY;
  const sent = new Date(now).toISOString();
  const ms = (instant: string | undefined) => (instant === undefined ? null : Date.parse(instant));
  let eventCount = 0;
  let outboxCount = 0;
  db.transaction(() => {
    for (let number = 1; number <= incidents; number++) {
      const declaredAt = first + Math.floor(((number - 1) / incidents) * (days * DAY - DAY));
      // Still open: the latest thousandth (about a day here), as in a team that closes what it resolves.
      const open = number > incidents - incidents / 1000;
      const events = historyOf(number, declaredAt, rng, open);
      // Its reminders were sent as they came due, the last ones as the history ends: none is
      // overdue when a benchmark starts the server (with its reminder ticker, as production runs).
      const built = {
        ...evolveAll(undefined, events),
        nudgedAt: { update: sent, lead: sent, postmortem: sent },
      };
      const incident = { ...built, reminders: scheduleReminders(built, DEFAULT_REMINDER_POLICY) };
      const m = incident.milestones;
      insertIncident.run(
        incident.id,
        number,
        events.length,
        incident.title,
        incident.severity,
        incident.status,
        incident.service ?? null,
        incident.private ? 1 : 0,
        ms(m.impactStartedAt),
        ms(m.detectedAt),
        ms(m.declaredAt),
        ms(m.acknowledgedAt),
        ms(m.mitigatedAt),
        ms(m.resolvedAt),
        ms(m.closedAt),
        ms(nextReminderAt(incident.reminders)),
        incident.actions.filter((action) => action.status === 'open').length,
        JSON.stringify(incident),
      );
      events.forEach(({ at, actor, kind, ...body }, index) => {
        insertEvent.run(incident.id, index + 1, kind, actor, at, at, JSON.stringify(body));
      });
      eventCount += events.length;
      for (const user of incident.participants) insertParticipant.run(incident.id, user);
      for (const effect of effects)
        insertEffect.run(incident.id, effect, declaredAt, declaredAt, declaredAt + 1000);
      outboxCount += effects.length;
      insertRef.run(incident.id, 'channel', `C${number}`);
      insertRef.run(incident.id, 'channelName', `inc-${number}-checkout-latency-is-high`);
      insertRef.run(incident.id, 'card', `${Math.floor(declaredAt / 1000)}.000100`);
    }
  }).immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return {
    incidents,
    events: eventCount,
    outbox: outboxCount,
    seconds: (performance.now() - start) / 1000,
    windowDays: days,
  };
}
