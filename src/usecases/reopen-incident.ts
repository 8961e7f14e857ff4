import { reopen } from '../domain/decisions.js';
import type { IncidentId } from '../domain/incident.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

export async function reopenIncident(
  deps: Deps,
  request: { incident?: IncidentId; reason: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(
    deps,
    request.incident,
    actor,
    (current) => reopen(current, request.reason),
    { change: 'reopen' },
  );
  return done(`${incident.id} is reopened and back to investigating.`);
}
