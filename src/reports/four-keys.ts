import type { Deployment } from '../domain/deployments.js';
import type { ReportRow } from '../domain/ports.js';
import { DAY, type Instant, MINUTE, millis } from '../domain/time.js';
import { type DoraBand, doraBand } from './dora.js';
import { percentile, summarize } from './percentile.js';
import { WEEK, weekStart } from './weekly.js';

/**
 * The bands come from the DORA reports' cluster tables. Where one year's table does not order its
 * clusters (2023 gives medium and low the same lead time and deployment frequency; 2024 puts the
 * medium cluster's change failure rate below the high one's), the other year's is used, and
 * `BAND_YEARS` says which year each key's band comes from.
 */
export const BAND_YEARS = {
  deploymentFrequency: 2024,
  leadTime: 2024,
  changeFailureRate: 2023,
  recoveryTime: 2023,
} as const;

/** 2024: on demand (daily or more) elite; daily to weekly high; weekly to monthly medium; rarer low. */
export function deploymentFrequencyBand(perWeek: number): DoraBand {
  if (perWeek >= 7) return 'elite';
  if (perWeek >= 1) return 'high';
  if (perWeek >= 7 / 30) return 'medium';
  return 'low';
}

/** 2024: under a day elite; under a week high; under a month medium; longer low. */
export function leadTimeBand(medianMs: number): DoraBand {
  if (medianMs < DAY) return 'elite';
  if (medianMs < 7 * DAY) return 'high';
  if (medianMs < 30 * DAY) return 'medium';
  return 'low';
}

/** 2023: the clusters' rates 5%, 10%, 15% and 64%; a rate up to a cluster's is in its band. */
export function changeFailureBand(rate: number): DoraBand {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

export interface FourKeys {
  window: { from: Instant; to: Instant };
  service: string | null;
  deploymentFrequency: {
    deployments: number;
    perWeek: number;
    medianDeployDaysPerWeek: number;
    band: DoraBand | null;
  };
  leadTime: {
    n: number;
    excluded: number;
    medianMinutes: number | null;
    p90Minutes: number | null;
    band: DoraBand | null;
  };
  changeFailureRate: { deployments: number; failed: number; rate: number | null; band: DoraBand | null };
  recoveryTime: { n: number; medianMinutes: number | null; band: DoraBand | null };
  /** Incidents in the figures (linked to a deployment of the window) that were recorded after the fact. */
  recordedAfterTheFact: number;
}

function minutes(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round((ms / MINUTE) * 10) / 10;
}

/** The median by the same interpolation as `stats` (so [0, 1] gives 0.5). */
function median(values: number[]): number {
  return (
    percentile(
      [...values].sort((a, b) => a - b),
      0.5,
    ) ?? 0
  );
}

/**
 * DORA's four keys over the production deployments that finished in [from, to), and the incidents
 * linked to them as their cause:
 * - deployment frequency: how many, per week (÷ days × 7), and the median number of days with a
 *   deployment in each ISO week (Monday to Sunday) the window touches, weeks without one as 0;
 * - lead time for changes: deployment time − commit time of every change shipped (deployments
 *   whose changes are unknown are left out and counted in `excluded`);
 * - change failure rate: deployments that caused at least one incident ÷ deployments;
 * - failed deployment recovery time: for the resolved incidents those deployments caused,
 *   resolved − impact began.
 */
export function buildFourKeys(input: {
  from: Instant;
  to: Instant;
  service: string | null;
  deployments: readonly Deployment[];
  incidents: readonly ReportRow[];
}): FourKeys {
  const from = millis(input.from);
  const to = millis(input.to);
  const shipped = input.deployments.filter((deployment) => {
    const at = millis(deployment.finishedAt);
    return deployment.status === 'success' && at >= from && at < to;
  });

  const days = new Map<number, Set<number>>();
  for (let week = weekStart(from); week < to; week += WEEK) days.set(week, new Set());
  const leadTimes: number[] = [];
  let excluded = 0;
  for (const deployment of shipped) {
    const at = millis(deployment.finishedAt);
    days.get(weekStart(at))?.add(Math.floor(at / DAY));
    if (!deployment.changes) excluded += 1;
    else for (const change of deployment.changes) leadTimes.push(at - millis(change.committedAt));
  }
  const windowDays = (to - from) / DAY;
  const perWeek = windowDays > 0 ? Math.round((shipped.length / windowDays) * 7 * 100) / 100 : 0;
  const lead = summarize(leadTimes);

  const byId = new Map(shipped.map((deployment) => [deployment.id, deployment]));
  const failed = new Set<string>();
  const recoveries: number[] = [];
  let recorded = 0;
  for (const incident of input.incidents) {
    const cause = incident.causedBy ? byId.get(incident.causedBy) : undefined;
    if (!cause) continue;
    failed.add(cause.id);
    if (incident.recorded) recorded += 1;
    if (incident.resolvedAt !== null) recoveries.push(incident.resolvedAt - incident.impactStartedAt);
  }
  const recovery = summarize(recoveries);
  const rate = shipped.length > 0 ? failed.size / shipped.length : null;

  return {
    window: { from: input.from, to: input.to },
    service: input.service,
    deploymentFrequency: {
      deployments: shipped.length,
      perWeek,
      medianDeployDaysPerWeek: median([...days.values()].map((set) => set.size)),
      band: shipped.length > 0 ? deploymentFrequencyBand(perWeek) : null,
    },
    leadTime: {
      n: lead.n,
      excluded,
      medianMinutes: minutes(lead.median),
      p90Minutes: minutes(lead.p90),
      band: lead.median !== undefined ? leadTimeBand(lead.median) : null,
    },
    changeFailureRate: {
      deployments: shipped.length,
      failed: failed.size,
      rate: rate === null ? null : Math.round(rate * 10_000) / 10_000,
      band: rate === null ? null : changeFailureBand(rate),
    },
    recoveryTime: {
      n: recovery.n,
      medianMinutes: minutes(recovery.median),
      band: recovery.median !== undefined ? doraBand(recovery.median) : null,
    },
    recordedAfterTheFact: recorded,
  };
}

/** The four keys of each ISO week the window touches, oldest first: the dashboard's series. */
export function weeklyFourKeys(input: Parameters<typeof buildFourKeys>[0]): FourKeys[] {
  const from = millis(input.from);
  const to = millis(input.to);
  const weeks: FourKeys[] = [];
  for (let week = weekStart(from); week < to; week += WEEK) {
    weeks.push(
      buildFourKeys({
        ...input,
        from: new Date(week).toISOString(),
        to: new Date(week + WEEK).toISOString(),
      }),
    );
  }
  return weeks;
}
