import { changeStatus, close, reopen, resolve } from '../domain/decisions.js';
import { durationsOf } from '../domain/durations.js';
import type { IncidentId } from '../domain/incident.js';
import type { Status } from '../domain/lifecycle.js';
import { formatDuration } from '../domain/time.js';
import { STATUS_EMOJI } from '../messages/labels.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

export async function changeIncidentStatus(
  deps: Deps,
  request: { incident?: IncidentId; status: Status; message?: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    changeStatus(current, request.status, request.message),
  );
  if (incident.status === 'resolved') return resolvedReply(incident.id, durationsOf(incident.milestones).ttr);
  return done(`${incident.id} is now `, { bold: `${STATUS_EMOJI[incident.status]} ${incident.status}` }, '.');
}

function resolvedReply(id: IncidentId, ttr: number | undefined): Reply {
  return done(
    `${id} is resolved`,
    ttr !== undefined ? ` after ${formatDuration(ttr)} of impact` : '',
    '. The postmortem draft is being written.',
  );
}

export async function resolveIncident(
  deps: Deps,
  request: { incident?: IncidentId; summary?: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    resolve(current, request.summary),
  );
  return resolvedReply(incident.id, durationsOf(incident.milestones).ttr);
}

export async function reopenIncident(
  deps: Deps,
  request: { incident?: IncidentId; reason: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    reopen(current, request.reason),
  );
  return done(`${incident.id} is reopened and back to investigating.`);
}

export async function closeIncident(
  deps: Deps,
  request: { incident?: IncidentId },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) => close(current));
  return done(`${incident.id} is closed.`);
}
