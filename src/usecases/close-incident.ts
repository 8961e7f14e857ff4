import { close } from '../domain/decisions.js';
import type { IncidentId } from '../domain/incident.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

export async function closeIncident(
  deps: Deps,
  request: { incident?: IncidentId },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(
    deps,
    request.incident,
    actor,
    (current) => close(current),
    {
      change: 'close',
    },
  );
  return done(`${incident.id} is closed.`);
}
