import type { Incident, Milestones, UnknownMilestone } from './incident.js';
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
export function durationsOf(milestones: Milestones, unknown: readonly UnknownMilestone[] = []): Durations {
  const durations: Durations = {};
  // A stand-in time (of an incident recorded after the fact) measures nothing.
  const ttd = unknown.includes('detectedAt')
    ? undefined
    : span(milestones.impactStartedAt, milestones.detectedAt);
  const tta = unknown.includes('declaredAt')
    ? undefined
    : span(milestones.declaredAt, milestones.acknowledgedAt);
  const ttm = span(milestones.impactStartedAt, milestones.mitigatedAt);
  const ttr = span(milestones.impactStartedAt, milestones.resolvedAt);
  if (ttd !== undefined) durations.ttd = ttd;
  if (tta !== undefined) durations.tta = tta;
  if (ttm !== undefined) durations.ttm = ttm;
  if (ttr !== undefined) durations.ttr = ttr;
  return durations;
}

/** An incident's durations, leaving out those a stand-in milestone would make up. */
export function incidentDurations(incident: Incident): Durations {
  return durationsOf(incident.milestones, incident.unknownMilestones);
}
