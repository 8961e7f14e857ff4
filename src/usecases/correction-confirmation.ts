import { shiftNeedingConfirmation } from '../domain/correction-policy.js';
import { setMilestone } from '../domain/decisions.js';
import type { IncidentId } from '../domain/incident.js';
import { SETTABLE_MILESTONES, type SettableMilestone } from '../domain/milestones.js';
import { type TimeSpec, toInstant } from '../domain/time.js';
import { confirmCorrection } from '../messages/confirmation.js';
import type { Reply } from '../messages/model.js';
import type { Actor, Deps } from './context.js';
import { targetIncidentToChange } from './incident-change.js';
import { resolveTimeSpec } from './zoned-time.js';

/**
 * The question to ask instead of applying a milestone correction that moves a duration by more
 * than a day, or undefined when it may be applied at once. The refusals the correction itself
 * would meet (who may, order, a time in the future) come first, so nobody confirms what would be
 * refused. Nothing is stored: the question carries the correction, and answering it runs the
 * correction again with `confirmed`.
 */
export async function correctionToConfirm(
  deps: Deps,
  request: { incident?: IncidentId; milestone: SettableMilestone; time: TimeSpec },
  actor: Actor,
): Promise<Reply | undefined> {
  const current = await targetIncidentToChange(deps, request.incident, actor, 'milestone');
  const milestone = SETTABLE_MILESTONES[request.milestone];
  const now = toInstant(deps.clock.now());
  const at = resolveTimeSpec(request.time, actor.zone, new Date(now));
  setMilestone(current, milestone, at, now);
  const shift = shiftNeedingConfirmation(current.milestones, { ...current.milestones, [milestone]: at });
  if (!shift) return undefined;
  return confirmCorrection({ incident: current.id, milestone: request.milestone, at }, milestone, shift);
}
