import { handOff } from '../domain/decisions.js';
import type { IncidentId, UserId } from '../domain/incident.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

/** Command passes to someone else: they are invited, told directly, and a brief is posted. */
export async function handOffCommand(
  deps: Deps,
  request: { incident?: IncidentId; user: UserId; notes?: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    handOff(current, request.user, request.notes),
  );
  return done(
    { user: request.user },
    ` now leads ${incident.id}. The hand-off brief is being posted in the channel.`,
  );
}
