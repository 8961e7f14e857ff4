import type { DurationKind } from '../domain/durations.js';
import type { ReportRow } from '../domain/ports.js';
import { SEVERITIES, type Severity } from '../domain/severity.js';
import type { Instant } from '../domain/time.js';
import { type DoraBand, doraBand, SMALL_SAMPLE } from './dora.js';
import { type Summary, summarize } from './percentile.js';

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
  filters: { service?: string; severity?: Severity };
  /** Declared in the window. */
  incidents: number;
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

function durationsOf(rows: readonly ReportRow[]): DurationSummaries {
  // One pass, no object per row: a report may cover a long history.
  const ttd: number[] = [];
  const tta: number[] = [];
  const ttm: number[] = [];
  const ttr: number[] = [];
  const add = (into: number[], value: number | undefined) => {
    if (value !== undefined) into.push(value);
  };
  for (const row of rows) {
    add(ttd, span(row.impactStartedAt, row.detectedAt));
    add(tta, span(row.declaredAt, row.acknowledgedAt));
    add(ttm, span(row.impactStartedAt, row.mitigatedAt));
    add(ttr, span(row.impactStartedAt, row.resolvedAt));
  }
  return { ttd: summarize(ttd), tta: summarize(tta), ttm: summarize(ttm), ttr: summarize(ttr) };
}

function groupBy(rows: readonly ReportRow[], key: (row: ReportRow) => string): Map<string, ReportRow[]> {
  const groups = new Map<string, ReportRow[]>();
  for (const row of rows) {
    const name = key(row);
    const group = groups.get(name);
    if (group) group.push(row);
    else groups.set(name, [row]);
  }
  return groups;
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
  const durations = durationsOf(rows);
  const bySeverity = [...groupBy(rows, (row) => row.severity)]
    .sort(([a], [b]) => SEVERITIES.indexOf(a as Severity) - SEVERITIES.indexOf(b as Severity))
    .map(([key, group]) => ({ key, incidents: group.length, durations: durationsOf(group) }));
  const byService = [...groupBy(rows, (row) => row.service ?? '(no service)')]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => ({ key, incidents: group.length, durations: durationsOf(group) }));
  const resolved = durations.ttr.n;
  const report: MttxReport = {
    ...window,
    incidents: rows.length,
    resolved,
    stillOpen: rows.filter((row) => OPEN.has(row.status)).length,
    durations,
    bySeverity,
    byService,
  };
  if (durations.ttr.median !== undefined) {
    report.dora = { band: doraBand(durations.ttr.median), medianTtr: durations.ttr.median, n: resolved };
  }
  if (resolved < SMALL_SAMPLE) {
    report.smallSample = `Only ${resolved} resolved incident${resolved === 1 ? '' : 's'} in this window: too few for the median and p90 to say much.`;
  }
  return report;
}
