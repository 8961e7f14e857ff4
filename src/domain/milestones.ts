import type { Milestones } from './incident.js';
import { type Instant, millis } from './time.js';

export type MilestoneName = keyof Milestones;

/**
 * The milestones a person may correct with `/incident set` (resolution only once resolved); the
 * declaration and the closing are when Firewatch heard of them, so they stay as recorded.
 */
export const SETTABLE_MILESTONES = {
  'impact-start': 'impactStartedAt',
  detected: 'detectedAt',
  acknowledged: 'acknowledgedAt',
  mitigated: 'mitigatedAt',
  resolved: 'resolvedAt',
} as const satisfies Record<string, MilestoneName>;
export type SettableMilestone = keyof typeof SETTABLE_MILESTONES;

/** Every milestone, in the order an incident reaches them. */
export const MILESTONES_IN_ORDER: readonly MilestoneName[] = [
  'impactStartedAt',
  'detectedAt',
  'declaredAt',
  'acknowledgedAt',
  'mitigatedAt',
  'resolvedAt',
  'closedAt',
];

export const MILESTONE_LABEL: Record<MilestoneName, string> = {
  impactStartedAt: 'impact start',
  detectedAt: 'detection',
  declaredAt: 'declaration',
  acknowledgedAt: 'acknowledgement',
  mitigatedAt: 'mitigation',
  resolvedAt: 'resolution',
  closedAt: 'closing',
};

/**
 * Each pair must be in order (earlier ≤ later) whenever both are known. Together they keep every
 * duration (TTD, TTA, TTM, TTR) from going negative.
 */
const ORDER: ReadonlyArray<readonly [MilestoneName, MilestoneName]> = [
  ['impactStartedAt', 'detectedAt'],
  ['detectedAt', 'declaredAt'],
  ['declaredAt', 'acknowledgedAt'],
  ['impactStartedAt', 'mitigatedAt'],
  ['mitigatedAt', 'resolvedAt'],
  ['impactStartedAt', 'resolvedAt'],
  ['resolvedAt', 'closedAt'],
];

export interface OrderViolation {
  earlier: MilestoneName;
  later: MilestoneName;
  earlierAt: Instant;
  laterAt: Instant;
}

/** The first pair out of order; with `involving`, only pairs that include that milestone. */
export function findOrderViolation(
  milestones: Milestones,
  involving?: MilestoneName,
): OrderViolation | undefined {
  for (const [earlier, later] of ORDER) {
    if (involving && earlier !== involving && later !== involving) continue;
    const earlierAt = milestones[earlier];
    const laterAt = milestones[later];
    if (earlierAt && laterAt && millis(earlierAt) > millis(laterAt)) {
      return { earlier, later, earlierAt, laterAt };
    }
  }
  return undefined;
}

export function isSettable(milestone: MilestoneName): boolean {
  return (Object.values(SETTABLE_MILESTONES) as MilestoneName[]).includes(milestone);
}
