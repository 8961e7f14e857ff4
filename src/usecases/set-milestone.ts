import { setMilestone } from '../domain/decisions.js';
import type { IncidentId } from '../domain/incident.js';
import { MILESTONE_LABEL, SETTABLE_MILESTONES, type SettableMilestone } from '../domain/milestones.js';
import type { TimeSpec } from '../domain/time.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import { capitalize } from '../messages/timeline.js';
import type { Actor, Deps } from './context.js';
import { correctionToConfirm } from './correction-confirmation.js';
import { changeTargetIncident } from './incident-change.js';
import { resolveTimeSpec } from './zoned-time.js';

/** Corrects impact start, detection or mitigation; `HH:MM` is read in the actor's zone. */
export async function setIncidentMilestone(
  deps: Deps,
  request: { incident?: IncidentId; milestone: SettableMilestone; time: TimeSpec; confirmed?: boolean },
  actor: Actor,
): Promise<Reply> {
  // A correction that moves a duration by more than a day is asked about first.
  const ask = request.confirmed ? undefined : await correctionToConfirm(deps, request, actor);
  if (ask) return ask;
  const milestone = SETTABLE_MILESTONES[request.milestone];
  const { incident } = await changeTargetIncident(
    deps,
    request.incident,
    actor,
    (current, now) =>
      setMilestone(current, milestone, resolveTimeSpec(request.time, actor.zone, new Date(now)), now),
    { change: 'milestone' },
  );
  return done(
    `${capitalize(MILESTONE_LABEL[milestone])} of ${incident.id} set to `,
    { date: incident.milestones[milestone]! },
    '.',
  );
}
