/**
 * Percentiles by linear interpolation between closest ranks (the method of PERCENTILE_CONT and of
 * numpy's default): the p-th percentile of n sorted values sits at rank p·(n−1), and a rank between
 * two values takes the point between them in proportion. The median of [10, 20, 30, 40] is 25.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  if (p <= 0) return sorted[0];
  if (p >= 1) return sorted[sorted.length - 1];
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  const fraction = rank - lower;
  const a = sorted[lower]!;
  const b = sorted[Math.min(lower + 1, sorted.length - 1)]!;
  return a + (b - a) * fraction;
}

export interface Summary {
  n: number;
  median?: number;
  p90?: number;
  max?: number;
}

/** n, median, p90 and max of durations in milliseconds (percentiles rounded to the millisecond). */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0 };
  const sorted = Array.from(Float64Array.from(values).sort());
  return {
    n: sorted.length,
    median: Math.round(percentile(sorted, 0.5)!),
    p90: Math.round(percentile(sorted, 0.9)!),
    max: sorted[sorted.length - 1]!,
  };
}
