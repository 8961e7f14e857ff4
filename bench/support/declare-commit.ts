import { declare } from '../../src/domain/decisions.js';
import type { Effect } from '../../src/domain/effects.js';
import { evolveAll } from '../../src/domain/evolve.js';
import type { Commit } from '../../src/domain/ports.js';
import { DEFAULT_REMINDER_POLICY, scheduleReminders } from '../../src/domain/reminders.js';

/** What `/incident declare` asks of the outbox (no service, announcement channel set): 6 Slack calls. */
export const DECLARE_EFFECTS: Effect[] = [
  { type: 'channel.create' },
  { type: 'channel.invite', users: ['UALICE'] },
  { type: 'channel.topic' },
  { type: 'card.post' },
  { type: 'announce.post' },
];

/** The commit the declare use case makes, built from the same domain functions. */
export function declareCommit(number: number, at: string): Commit {
  const events = declare({
    number,
    title: `Checkout latency is high ${number}`,
    severity: 'SEV3',
    private: false,
  }).map((body) => ({ ...body, at, actor: 'UALICE' }));
  const incident = evolveAll(undefined, events);
  return {
    incident: { ...incident, reminders: scheduleReminders(incident, DEFAULT_REMINDER_POLICY) },
    expectedVersion: 0,
    events,
    effects: DECLARE_EFFECTS,
    recordedAt: at,
  };
}
