import { viewers } from '../domain/incident.js';
import type { Deps } from './context.js';
import { changeIncident } from './incident-change.js';

/**
 * Someone joined an incident's channel: they take part from now on, and may see it if it is private
 * (again, if they had left). Nothing for other channels.
 */
export async function recordParticipant(deps: Deps, channel: string, user: string): Promise<boolean> {
  const id = await deps.store.findByRef('channel', channel);
  if (!id) return false;
  const stored = await deps.store.load(id);
  if (!stored || viewers(stored.incident).includes(user)) return false;
  await changeIncident(deps, id, user, (incident) =>
    viewers(incident).includes(user) ? [] : [{ kind: 'participant_added', user, reason: 'joined' }],
  );
  return true;
}

/**
 * Someone left an incident's channel, or was removed from it: a private incident is no longer theirs
 * to see or change. They stay among its participants, so the postmortem still names them.
 */
export async function recordDeparture(deps: Deps, channel: string, user: string): Promise<boolean> {
  const id = await deps.store.findByRef('channel', channel);
  if (!id) return false;
  const stored = await deps.store.load(id);
  if (!stored || !viewers(stored.incident).includes(user)) return false;
  await changeIncident(deps, id, user, (incident) =>
    viewers(incident).includes(user) ? [{ kind: 'participant_left', user }] : [],
  );
  return true;
}
