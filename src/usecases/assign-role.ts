import { assignRole } from '../domain/decisions.js';
import type { IncidentId, UserId } from '../domain/incident.js';
import { ROLE_TITLE, type Role } from '../domain/roles.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

export async function assignIncidentRole(
  deps: Deps,
  request: { incident?: IncidentId; role: Role; user: UserId },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    assignRole(current, request.role, request.user),
  );
  return done({ user: request.user }, ` is now ${ROLE_TITLE[request.role].toLowerCase()} of ${incident.id}.`);
}
