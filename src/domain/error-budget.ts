import type { ErrorBudgetPolicy } from './error-budget-policy.js';
import type { ImpactRecord, Incident } from './incident.js';
import { budgetMinutes, type Slo } from './slo.js';
import { type Instant, MINUTE, millis } from './time.js';

/**
 * What an incident spends of an SLO's error budget: Σ (affected share × minutes) ÷ ((1 − target) ×
 * window minutes). The affected share comes from `/incident impact`; without one, nothing is
 * guessed: the spend is given as an upper bound ("up to N % if all traffic was affected").
 */

/** A stretch of time during which a share (0…1) of traffic was affected. Epoch milliseconds. */
export interface ImpactInterval {
  from: number;
  to: number;
  share: number;
}

/**
 * What an error budget reads of an incident: its service, when its impact began and was mitigated,
 * and the impact recorded for it. A whole Incident is one; so is a report row's (`budgetIncident`),
 * which a long history can give without reading every incident whole.
 */
export type BudgetIncident = Pick<Incident, 'id' | 'service' | 'impacts'> & {
  milestones: Pick<Incident['milestones'], 'impactStartedAt' | 'mitigatedAt'>;
};

/** The impact window: impact began → mitigated, or now while unmitigated. */
export function impactWindow(incident: BudgetIncident, now: Instant): { from: number; to: number } {
  const from = millis(incident.milestones.impactStartedAt);
  const to = millis(incident.milestones.mitigatedAt ?? now);
  return { from, to: Math.max(from, to) };
}

function appliesTo(record: ImpactRecord, slo: string): boolean {
  return record.slo === undefined || record.slo === slo;
}

/**
 * Segments, each replacing the earlier-recorded ones where they overlap: the impact over time as
 * disjoint intervals.
 */
function layered(segments: readonly ImpactRecord[]): ImpactInterval[] {
  const bounds = [
    ...new Set(segments.flatMap((segment) => [millis(segment.from!), millis(segment.to!)])),
  ].sort((a, b) => a - b);
  const intervals: ImpactInterval[] = [];
  for (let index = 0; index + 1 < bounds.length; index++) {
    const from = bounds[index]!;
    const to = bounds[index + 1]!;
    // The last one recorded that covers this piece decides it.
    let share: number | undefined;
    for (const segment of segments) {
      if (millis(segment.from!) <= from && millis(segment.to!) >= to) share = segment.percent / 100;
    }
    if (share !== undefined) intervals.push({ from, to, share });
  }
  return intervals;
}

/**
 * The impact an incident recorded for one SLO, as intervals; undefined when nobody said what share
 * was affected. Segments (`from … to …`) replace the whole-window figure; among whole-window
 * figures, the last one recorded counts.
 */
export function impactIntervals(
  incident: BudgetIncident,
  slo: string,
  now: Instant,
): ImpactInterval[] | undefined {
  const records = (incident.impacts ?? []).filter((record) => appliesTo(record, slo));
  const segments = records.filter((record) => record.from !== undefined && record.to !== undefined);
  if (segments.length > 0) return layered(segments);
  const whole = records.filter((record) => record.from === undefined).at(-1);
  if (!whole) return undefined;
  return [{ ...impactWindow(incident, now), share: whole.percent / 100 }];
}

/** Σ share × minutes, counting only the part inside `clip` when given. */
export function affectedMinutes(
  intervals: readonly ImpactInterval[],
  clip?: { from: number; to: number },
): number {
  let total = 0;
  for (const interval of intervals) {
    const from = clip ? Math.max(interval.from, clip.from) : interval.from;
    const to = clip ? Math.min(interval.to, clip.to) : interval.to;
    if (to > from) total += (interval.share * (to - from)) / MINUTE;
  }
  return total;
}

export interface SloTerms {
  name: string;
  target: number;
  /** The window's length in minutes (a calendar month: its own length). */
  windowMinutes: number;
}

export type Spend =
  /** The impact is known: minutes of full outage spent, and their share of the window's budget. */
  | { known: true; spentMinutes: number; spentShare: number }
  /** No impact figure: what it would spend if all traffic was affected over the impact window. */
  | { known: false; upToMinutes: number; upToShare: number };

/** What one incident spent of one SLO's budget, optionally counting only the part inside `clip`. */
export function incidentSpend(
  incident: BudgetIncident,
  slo: SloTerms,
  now: Instant,
  clip?: { from: number; to: number },
): Spend {
  const budget = budgetMinutes(slo.target, slo.windowMinutes);
  const intervals = impactIntervals(incident, slo.name, now);
  if (!intervals) {
    const upToMinutes = affectedMinutes([{ ...impactWindow(incident, now), share: 1 }], clip);
    return { known: false, upToMinutes, upToShare: upToMinutes / budget };
  }
  const spentMinutes = affectedMinutes(intervals, clip);
  return { known: true, spentMinutes, spentShare: spentMinutes / budget };
}

/** What a document or a card needs to show a service's error budgets. */
export interface ErrorBudgetInput {
  slos: readonly Slo[];
  /** The service's incidents that may have spent them (see budgetQuery). */
  incidents: readonly BudgetIncident[];
  policy: ErrorBudgetPolicy;
}
