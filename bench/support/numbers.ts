import { percentile } from '../../src/reports/percentile.js';

export function sorted(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

export function median(values: readonly number[]): number {
  const middle = percentile(sorted(values), 0.5);
  if (middle === undefined) throw new Error('median of nothing');
  return middle;
}

export function quantile(values: readonly number[], p: number): number {
  const value = percentile(sorted(values), p);
  if (value === undefined) throw new Error('percentile of nothing');
  return value;
}

/** Runs `work` `times` times and gives each duration in milliseconds. */
export async function timeEach(times: number, work: () => Promise<unknown> | unknown): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work();
    durations.push(performance.now() - start);
  }
  return durations;
}

export const fmt = {
  ratio: (value: number) => `${value.toFixed(2)}×`,
  ms: (value: number) => (value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`),
  rate: (value: number) =>
    value >= 100 ? `${Math.round(value).toLocaleString('en')}/s` : `${value.toFixed(1)}/s`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`,
};
