import type { EventBody } from '../domain/events.js';
import { type Incident, viewers } from '../domain/incident.js';
import type { Deps } from './context.js';
import { changeIncident } from './incident-change.js';

/**
 * A change of who is in an incident's channel: `decide` says what it records (nothing when there
 * is nothing to change). The incident is read once; a retry after a conflict reads it again.
 */
async function changeMembership(
  deps: Deps,
  channel: string,
  user: string,
  decide: (incident: Incident) => EventBody[],
): Promise<boolean> {
  const id = await deps.store.findByRef('channel', channel);
  if (!id) return false;
  const stored = await deps.store.load(id);
  if (!stored || decide(stored.incident).length === 0) return false;
  await changeIncident(deps, id, user, decide, { readAs: stored });
  return true;
}

/**
 * Someone joined an incident's channel: they take part from now on, and may see it if it is private
 * (again, if they had left). Nothing for other channels.
 */
export function recordParticipant(deps: Deps, channel: string, user: string): Promise<boolean> {
  return changeMembership(deps, channel, user, (incident) =>
    viewers(incident).includes(user) ? [] : [{ kind: 'participant_added', user, reason: 'joined' }],
  );
}

/**
 * Someone left an incident's channel, or was removed from it: a private incident is no longer theirs
 * to see or change. They stay among its participants, so the postmortem still names them.
 */
export function recordDeparture(deps: Deps, channel: string, user: string): Promise<boolean> {
  return changeMembership(deps, channel, user, (incident) =>
    viewers(incident).includes(user) ? [{ kind: 'participant_left', user }] : [],
  );
}
