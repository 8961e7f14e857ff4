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

/**
 * Rearranges `a[from..to)` so that `a[k]` holds the value a full sort would put there, everything
 * before it no greater and everything after it no smaller (quickselect: linear on average, where a
 * sort is n·log n). A run of unlucky pivots falls back to sorting the part that is left.
 */
function select(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to - 1;
  let budget = 2 * Math.ceil(Math.log2(to - from + 1)) + 8;
  while (hi > lo) {
    if (budget-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), a[hi]!)); // the median of three
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const swap = a[i]!;
        a[i] = a[j]!;
        a[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function min(a: Float64Array, from: number): number {
  let least = a[from]!;
  for (let i = from + 1; i < a.length; i++) if (a[i]! < least) least = a[i]!;
  return least;
}

/**
 * `percentile(sorted, p)` without sorting: the value at rank p·(n−1) is selected within `a[0..to)`
 * (which must hold the smallest `to` values), and the next one up is the least of what lies above it.
 */
function selectPercentile(a: Float64Array, p: number, to: number): { value: number; rank: number } {
  const rank = p * (a.length - 1);
  const lower = Math.floor(rank);
  select(a, lower, 0, to);
  const fraction = rank - lower;
  const below = a[lower]!;
  if (fraction === 0 || lower + 1 >= a.length) return { value: below, rank: lower };
  const above = min(a, lower + 1);
  return { value: below + (above - below) * fraction, rank: lower };
}

/**
 * n, median, p90 and max of durations in milliseconds (percentiles rounded to the millisecond):
 * the same numbers as sorting and calling `percentile`, found by selection, since a report over a
 * long history summarizes hundreds of thousands of durations.
 */
export function summarize(values: ArrayLike<number>): Summary {
  return summarizeInPlace(Float64Array.from(values));
}

/** `summarize` without copying: rearranges `a`, for values gathered only to be summarized. */
export function summarizeInPlace(a: Float64Array): Summary {
  if (a.length === 0) return { n: 0 };
  const p90 = selectPercentile(a, 0.9, a.length);
  // Everything up to the p90 rank is now the smallest part, where the median lies.
  const median = selectPercentile(a, 0.5, p90.rank + 1);
  let max = a[p90.rank]!;
  for (let i = p90.rank + 1; i < a.length; i++) if (a[i]! > max) max = a[i]!;
  return { n: a.length, median: Math.round(median.value), p90: Math.round(p90.value), max };
}
