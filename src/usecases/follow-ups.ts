import { addAction, completeAction } from '../domain/decisions.js';
import { type IncidentId, openActions, type Priority, type UserId } from '../domain/incident.js';
import { actionsMessage } from '../messages/lists.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident, targetIncident } from './incident-change.js';

export async function addFollowUp(
  deps: Deps,
  request: { incident?: IncidentId; text: string; owner?: UserId; due?: string; priority?: Priority },
  actor: Actor,
): Promise<Reply> {
  const { incident, events } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    addAction(current, request.text, request.owner, request.due, request.priority),
  );
  const added = events[0]?.kind === 'action_added' ? events[0].actionId : '';
  return done(`Follow-up ${added} recorded on ${incident.id}.`, ` Mark it done with /incident done ${added}`);
}

export async function listFollowUps(
  deps: Deps,
  request: { incident?: IncidentId },
  actor: Actor,
): Promise<Reply> {
  const incident = await targetIncident(deps, request.incident, actor);
  return { message: actionsMessage(incident) };
}

export async function completeFollowUp(
  deps: Deps,
  request: { incident?: IncidentId; actionId: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    completeAction(current, request.actionId),
  );
  const left = openActions(incident).length;
  return done(
    `${request.actionId} of ${incident.id} is done.`,
    left > 0 ? ` ${left} still open.` : ' No follow-ups left open.',
  );
}
