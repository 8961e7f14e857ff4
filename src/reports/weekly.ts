import type { DurationKind } from '../domain/durations.js';
import type { ReportRow } from '../domain/ports.js';
import { DAY } from '../domain/time.js';
import { rowDurations } from './mttx.js';
import { type Summary, summarize } from './percentile.js';

export const WEEK = 7 * DAY;
/** 1970-01-01 was a Thursday; ISO weeks start on Monday, three days later. */
const FIRST_MONDAY = 4 * DAY;

/** The start (Monday 00:00 UTC) of the ISO week holding `ms`. */
export function weekStart(ms: number): number {
  return Math.floor((ms - FIRST_MONDAY) / WEEK) * WEEK + FIRST_MONDAY;
}

export interface WeekStats {
  /** Monday 00:00 UTC, epoch milliseconds. */
  week: number;
  incidents: number;
  durations: Record<Exclude<DurationKind, 'ttd'>, Summary>;
}

/**
 * MTTx week by week, by the week each incident was declared in: every week from `since` to
 * `until` has an entry, an empty one included, so a chart's gaps are real gaps.
 */
export function weeklyMttx(rows: readonly ReportRow[], since: number, until: number): WeekStats[] {
  const first = weekStart(since);
  const count = Math.floor((weekStart(until) - first) / WEEK) + 1;
  const weeks = Array.from({ length: count }, () => ({
    incidents: 0,
    tta: [] as number[],
    ttm: [] as number[],
    ttr: [] as number[],
  }));
  for (const row of rows) {
    const index = Math.floor((row.declaredAt - first) / WEEK);
    const week = weeks[index];
    if (!week) continue;
    week.incidents += 1;
    const { tta, ttm, ttr } = rowDurations(row);
    if (tta !== undefined) week.tta.push(tta);
    if (ttm !== undefined) week.ttm.push(ttm);
    if (ttr !== undefined) week.ttr.push(ttr);
  }
  return weeks.map((week, index) => ({
    week: first + index * WEEK,
    incidents: week.incidents,
    durations: { tta: summarize(week.tta), ttm: summarize(week.ttm), ttr: summarize(week.ttr) },
  }));
}
