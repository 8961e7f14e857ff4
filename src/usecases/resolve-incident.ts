import { resolve } from '../domain/decisions.js';
import { durationsOf } from '../domain/durations.js';
import type { Incident, IncidentId } from '../domain/incident.js';
import { formatDuration } from '../domain/time.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

/** Resolved, by `resolve` or by `status resolved`: how long the impact lasted, and the draft to come. */
export function resolvedReply(incident: Incident): Reply {
  const ttr = durationsOf(incident.milestones).ttr;
  return done(
    `${incident.id} is resolved`,
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
  return resolvedReply(incident);
}
