import type { DurationKind } from '../domain/durations.js';
import type { ReportRow } from '../domain/ports.js';
import { SEVERITIES, type Severity } from '../domain/severity.js';
import type { Instant } from '../domain/time.js';
import { type DoraBand, doraBand, SMALL_SAMPLE } from './dora.js';
import { type Summary, summarizeInPlace } from './percentile.js';
import { Samples } from './samples.js';

export type DurationSummaries = Record<DurationKind, Summary>;

export interface GroupStats {
  key: string;
  incidents: number;
  durations: DurationSummaries;
}

export interface MttxReport {
  since: Instant;
  until: Instant;
  windowMs: number;
  /** `liveOnly`: incidents recorded after the fact were left out. */
  filters: { service?: string; severity?: Severity; liveOnly?: true };
  /** Declared in the window. */
  incidents: number;
  /** How many of them were recorded after the fact (`/incident record`, an import). */
  recordedAfterTheFact: number;
  /** With `liveOnly`: how many incidents recorded after the fact were left out. */
  recordedLeftOut?: number;
  resolved: number;
  stillOpen: number;
  durations: DurationSummaries;
  bySeverity: GroupStats[];
  byService: GroupStats[];
  dora?: { band: DoraBand; medianTtr: number; n: number };
  /** Set when there are too few resolved incidents for the numbers to mean much. */
  smallSample?: string;
}

function span(from: number | null, to: number | null): number | undefined {
  return from !== null && to !== null ? to - from : undefined;
}

/** A report row's durations; a stand-in declaration (recorded after the fact) measures no TTA. */
export function rowDurations(row: ReportRow): Partial<Record<DurationKind, number>> {
  return {
    ttd: span(row.impactStartedAt, row.detectedAt),
    tta: row.declarationKnown ? span(row.declaredAt, row.acknowledgedAt) : undefined,
    ttm: span(row.impactStartedAt, row.mitigatedAt),
    ttr: span(row.impactStartedAt, row.resolvedAt),
  };
}

/** The durations of a group of incidents, gathered before they are summarized. */
class Durations {
  incidents = 0;
  readonly ttd = new Samples();
  readonly tta = new Samples();
  readonly ttm = new Samples();
  readonly ttr = new Samples();

  add(ttd: number | undefined, tta: number | undefined, ttm: number | undefined, ttr: number | undefined) {
    this.incidents += 1;
    if (ttd !== undefined) this.ttd.push(ttd);
    if (tta !== undefined) this.tta.push(tta);
    if (ttm !== undefined) this.ttm.push(ttm);
    if (ttr !== undefined) this.ttr.push(ttr);
  }

  summaries(): DurationSummaries {
    return {
      ttd: summarizeInPlace(this.ttd.view()),
      tta: summarizeInPlace(this.tta.view()),
      ttm: summarizeInPlace(this.ttm.view()),
      ttr: summarizeInPlace(this.ttr.view()),
    };
  }
}

function groupIn(groups: Map<string, Durations>, key: string): Durations {
  let group = groups.get(key);
  if (!group) {
    group = new Durations();
    groups.set(key, group);
  }
  return group;
}

const OPEN = new Set(['investigating', 'identified', 'monitoring']);

/**
 * MTTx over the incidents declared in a window: n, median, p90 and max of each duration, overall,
 * per severity and per service. A duration counts only where both its milestones are known, so an
 * incident still open adds to TTA (once acknowledged) but not to TTR. Medians, not means: incident
 * durations are skewed, and one long outage would drag a mean far from the typical case.
 */
export function buildMttxReport(
  rows: readonly ReportRow[],
  window: { since: Instant; until: Instant; windowMs: number; filters: MttxReport['filters'] },
): MttxReport {
  // One pass over the rows, each duration worked out once: a report may cover a long history.
  const all = new Durations();
  const severities = new Map<string, Durations>();
  const services = new Map<string, Durations>();
  let stillOpen = 0;
  let recorded = 0;
  for (const row of rows) {
    if (row.recorded) recorded += 1;
    const { ttd, tta, ttm, ttr } = rowDurations(row);
    all.add(ttd, tta, ttm, ttr);
    groupIn(severities, row.severity).add(ttd, tta, ttm, ttr);
    groupIn(services, row.service ?? '(no service)').add(ttd, tta, ttm, ttr);
    if (OPEN.has(row.status)) stillOpen += 1;
  }
  const durations = all.summaries();
  const groupStats = ([key, group]: [string, Durations]): GroupStats => ({
    key,
    incidents: group.incidents,
    durations: group.summaries(),
  });
  const bySeverity = [...severities]
    .sort(([a], [b]) => SEVERITIES.indexOf(a as Severity) - SEVERITIES.indexOf(b as Severity))
    .map(groupStats);
  const byService = [...services].sort(([a], [b]) => a.localeCompare(b)).map(groupStats);
  const resolved = durations.ttr.n;
  const report: MttxReport = {
    ...window,
    incidents: rows.length,
    recordedAfterTheFact: recorded,
    resolved,
    stillOpen,
    durations,
    bySeverity,
    byService,
  };
  if (durations.ttr.median !== undefined) {
    report.dora = { band: doraBand(durations.ttr.median), medianTtr: durations.ttr.median, n: resolved };
  }
  if (resolved === 0) {
    report.smallSample =
      'No incident in this window is resolved yet: there is no time to resolve to measure.';
  } else if (resolved < SMALL_SAMPLE) {
    report.smallSample = `Only ${resolved} resolved incident${resolved === 1 ? '' : 's'} in this window: too few for the median and p90 to say much.`;
  }
  return report;
}
