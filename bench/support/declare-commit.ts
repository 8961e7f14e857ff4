import { declare } from '../../src/domain/decisions.js';
import type { Effect } from '../../src/domain/effects.js';
import { evolveAll } from '../../src/domain/evolve.js';
import type { Commit, Decision } from '../../src/domain/ports.js';
import { DEFAULT_REMINDER_POLICY, scheduleReminders } from '../../src/domain/reminders.js';

/** What `/incident declare` asks of the outbox (no service, announcement channel set): 6 Slack calls. */
export const DECLARE_EFFECTS: Effect[] = [
  { type: 'channel.create' },
  { type: 'channel.invite', users: ['UALICE'] },
  { type: 'channel.topic' },
  { type: 'card.post' },
  { type: 'announce.post' },
];

/** The incident and events of a declaration numbered `number`, built from the domain functions. */
export function declareDecision(number: number, at: string): Decision {
  const events = declare({
    number,
    title: `Checkout latency is high ${number}`,
    severity: 'SEV3',
    private: false,
  }).map((body) => ({ ...body, at, actor: 'UALICE' }));
  const incident = evolveAll(undefined, events);
  return {
    incident: { ...incident, reminders: scheduleReminders(incident, DEFAULT_REMINDER_POLICY) },
    events,
  };
}

/** The commit the declare use case makes: the store numbers the incident. */
export function declareCommit(at: string): Commit {
  return {
    expectedVersion: 0,
    recordedAt: at,
    decide: (number) => declareDecision(number, at),
    effects: () => DECLARE_EFFECTS,
  };
}
