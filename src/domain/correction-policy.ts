import { DURATION_KINDS, type DurationKind, durationsOf } from './durations.js';
import type { Milestones } from './incident.js';

/**
 * A milestone correction that moves a duration by more than this is asked about before it is
 * applied: a mistyped year or day (impact start in 2020) would otherwise put a 2,526-day time to
 * resolve into every report at once.
 */
export const CONFIRM_SHIFT_MS = 24 * 60 * 60_000;

export interface DurationShift {
  duration: DurationKind;
  /** After minus before, in ms. */
  byMs: number;
}

/** The duration the correction moves most, when it moves one by more than CONFIRM_SHIFT_MS. */
export function shiftNeedingConfirmation(before: Milestones, after: Milestones): DurationShift | undefined {
  const was = durationsOf(before);
  const will = durationsOf(after);
  let largest: DurationShift | undefined;
  for (const duration of DURATION_KINDS) {
    const from = was[duration];
    const to = will[duration];
    if (from === undefined || to === undefined) continue;
    const byMs = to - from;
    // On a tie the later duration is named: time to resolve is the one reports lead with.
    if (Math.abs(byMs) > CONFIRM_SHIFT_MS && Math.abs(byMs) >= Math.abs(largest?.byMs ?? 0))
      largest = { duration, byMs };
  }
  return largest;
}
