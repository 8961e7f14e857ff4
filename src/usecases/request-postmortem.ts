import type { IncidentId } from '../domain/incident.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

/** (Re)writes the postmortem draft from the current timeline: late notes and follow-ups included. */
export async function requestPostmortem(
  deps: Deps,
  request: { incident?: IncidentId },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, () => [], {
    effects: [{ type: 'postmortem.publish', requestedBy: actor.user }],
  });
  return done(
    `The ${incident.id} postmortem draft is being written; it will appear in the incident channel.`,
  );
}
