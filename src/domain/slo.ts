/**
 * Service level objectives, as OpenSLO v1 describes them (https://github.com/OpenSLO/OpenSLO):
 * a target share of good events over a time window. Firewatch reads only what error budgets need.
 */

/** OpenSLO's duration shorthand units, case respected: `M` is months, `m` minutes. */
export const WINDOW_UNITS = ['m', 'h', 'd', 'w', 'M', 'Q', 'Y'] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number];

/**
 * Minutes in one unit of a rolling window. A rolling month, quarter or year has no calendar to
 * follow, so it counts fixed days: 30, 90 and 365 (a rolling `1M` is 30 days).
 */
export const ROLLING_UNIT_MINUTES: Record<WindowUnit, number> = {
  m: 1,
  h: 60,
  d: 24 * 60,
  w: 7 * 24 * 60,
  M: 30 * 24 * 60,
  Q: 90 * 24 * 60,
  Y: 365 * 24 * 60,
};

export interface WindowDuration {
  count: number;
  unit: WindowUnit;
}

/** `28d`, `1M`, `4w` → count and unit; anything else (`28D`, a bare `28`, `0d`) → undefined. */
export function parseWindowDuration(text: string): WindowDuration | undefined {
  const match = /^([1-9]\d{0,5})([mhdwMQY])$/.exec(text);
  if (!match) return undefined;
  return { count: Number(match[1]), unit: match[2] as WindowUnit };
}

export interface SloWindow {
  /** As written, e.g. `28d`. */
  duration: string;
  count: number;
  unit: WindowUnit;
  /** Rolling: the last `duration` up to now. Otherwise calendar-aligned periods. */
  isRolling: boolean;
  /** Calendar windows: when the first period started (ISO 8601) and in which zone. */
  calendar?: { startTime?: string; timeZone?: string };
}

export type BudgetingMethod = 'Occurrences' | 'Timeslices' | 'RatioTimeslices';
export const BUDGETING_METHODS: readonly BudgetingMethod[] = ['Occurrences', 'Timeslices', 'RatioTimeslices'];

export interface Slo {
  /** OpenSLO `metadata.name` (or `name` in runbook front matter): unique per service. */
  name: string;
  description?: string;
  service: string;
  /** The share of good events aimed for, strictly between 0 and 1 (0.999 = 99.9 %). */
  target: number;
  budgetingMethod: BudgetingMethod;
  window: SloWindow;
  /** Where it was written: a runbook or a file in SLO_DIR. */
  file: string;
}

/** The length of a rolling window in minutes. */
export function rollingWindowMinutes(window: Pick<SloWindow, 'count' | 'unit'>): number {
  return window.count * ROLLING_UNIT_MINUTES[window.unit];
}

/** The error budget of a window: the minutes of full outage the target allows. */
export function budgetMinutes(target: number, windowMinutes: number): number {
  return (1 - target) * windowMinutes;
}

/** `99.9 %` for 0.999: as many decimals as the target needs, up to four. */
export function formatTarget(target: number): string {
  return `${Number((target * 100).toFixed(4))} %`;
}

/**
 * How far back an SLO's incidents may matter: its longest window (a calendar year or month can be
 * a day longer than the fixed count, hence the margin).
 */
export function budgetLookbackMinutes(slos: readonly Slo[]): number {
  const longest = Math.max(0, ...slos.map((slo) => rollingWindowMinutes(slo.window)));
  return longest + (longest > 0 ? 2 * 24 * 60 : 0);
}
