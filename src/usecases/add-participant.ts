import type { Deps } from './context.js';
import { changeIncident } from './incident-change.js';

/** Someone joined an incident's channel: they take part from now on. Nothing for other channels. */
export async function recordParticipant(deps: Deps, channel: string, user: string): Promise<boolean> {
  const id = await deps.store.findByRef('channel', channel);
  if (!id) return false;
  const stored = await deps.store.load(id);
  if (!stored || stored.incident.participants.includes(user)) return false;
  await changeIncident(deps, id, user, (incident) =>
    incident.participants.includes(user) ? [] : [{ kind: 'participant_added', user, reason: 'joined' }],
  );
  return true;
}
