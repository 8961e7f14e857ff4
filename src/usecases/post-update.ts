import { postUpdate } from '../domain/decisions.js';
import type { IncidentId } from '../domain/incident.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

/** A status update: posted in the channel, shown on the cards, and it resets the update reminder. */
export async function postStatusUpdate(
  deps: Deps,
  request: { incident?: IncidentId; message: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    postUpdate(current, request.message),
  );
  const next = incident.reminders.updateDueAt;
  return done(
    `Update posted for ${incident.id}.`,
    ...(next ? [' Next one due by ', { date: next, format: 'time' as const }, '.'] : []),
  );
}
