import type { Milestones } from './incident.js';
import { between, type Instant } from './time.js';

export const DURATION_KINDS = ['ttd', 'tta', 'ttm', 'ttr'] as const;
export type DurationKind = (typeof DURATION_KINDS)[number];

/** Milliseconds; absent while the later milestone is unknown. */
export type Durations = Partial<Record<DurationKind, number>>;

export const DURATION_LABEL: Record<DurationKind, string> = {
  ttd: 'Time to detect',
  tta: 'Time to acknowledge',
  ttm: 'Time to mitigate',
  ttr: 'Time to resolve',
};

function span(from: Instant | undefined, to: Instant | undefined): number | undefined {
  return from && to ? between(from, to) : undefined;
}

/**
 * TTD = detected − impact started; TTA = acknowledged − declared;
 * TTM = mitigated − impact started; TTR = resolved − impact started.
 */
export function durationsOf(milestones: Milestones): Durations {
  const durations: Durations = {};
  const ttd = span(milestones.impactStartedAt, milestones.detectedAt);
  const tta = span(milestones.declaredAt, milestones.acknowledgedAt);
  const ttm = span(milestones.impactStartedAt, milestones.mitigatedAt);
  const ttr = span(milestones.impactStartedAt, milestones.resolvedAt);
  if (ttd !== undefined) durations.ttd = ttd;
  if (tta !== undefined) durations.tta = tta;
  if (ttm !== undefined) durations.ttm = ttm;
  if (ttr !== undefined) durations.ttr = ttr;
  return durations;
}
