import { changeStatus } from '../domain/decisions.js';
import type { IncidentChangeKind } from '../domain/editors.js';
import { fail } from '../domain/errors.js';
import type { IncidentId } from '../domain/incident.js';
import { isReopen, type Status } from '../domain/lifecycle.js';
import { STATUS_EMOJI } from '../messages/labels.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident, targetIncident } from './incident-change.js';
import { postStatusUpdate } from './post-update.js';
import { resolvedReply } from './resolve-incident.js';

/** A status change that resolves, closes or reopens is that change, for who may make it. */
function statusChangeKind(from: Status, to: Status): IncidentChangeKind {
  if (to === 'resolved') return 'resolve';
  if (to === 'closed') return 'close';
  return isReopen(from, to) ? 'reopen' : 'change';
}

export async function changeIncidentStatus(
  deps: Deps,
  request: { incident?: IncidentId; status: Status; message?: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(
    deps,
    request.incident,
    actor,
    (current) => changeStatus(current, request.status, request.message),
    { change: (current) => statusChangeKind(current.status, request.status) },
  );
  if (incident.status === 'resolved') return resolvedReply(deps, incident);
  return done(`${incident.id} is now `, { bold: `${STATUS_EMOJI[incident.status]} ${incident.status}` }, '.');
}

/**
 * The status form: a status and, optionally, what is new. The same status with a message is a
 * status update, not a refused transition.
 */
export async function changeStatusOrUpdate(
  deps: Deps,
  request: { incident: IncidentId; status?: Status; message?: string },
  actor: Actor,
): Promise<Reply> {
  const { incident, status, message } = request;
  const current = await targetIncident(deps, incident, actor);
  if (status === current.status && message) return postStatusUpdate(deps, { incident, message }, actor);
  if (!status) fail('USAGE', 'Pick a status.');
  return changeIncidentStatus(deps, { incident, status, ...(message ? { message } : {}) }, actor);
}
