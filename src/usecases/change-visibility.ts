import { changeVisibility as decideVisibility } from '../domain/decisions.js';
import type { IncidentId } from '../domain/incident.js';
import type { Reply } from '../messages/model.js';
import { visibilityChanged } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

/**
 * The commander makes an incident private or public in Firewatch: who may list, see and change it,
 * and whether it is announced. Slack's channel keeps the type it was created with (a bot token
 * cannot convert a channel), and the reply says so.
 */
export async function changeVisibility(
  deps: Deps,
  request: { incident?: IncidentId; private: boolean },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) =>
    decideVisibility(current, actor.user, request.private),
  );
  const declared = (await deps.store.timeline(incident.id)).find((event) => event.kind === 'declared');
  const channelPrivate = declared?.kind === 'declared' && declared.private;
  return visibilityChanged(incident, channelPrivate);
}
