import { DAY, HOUR } from '../domain/time.js';

export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

/**
 * DORA's recovery bands, applied to the median time to resolve: under an hour elite, under a day
 * high, under a week medium, otherwise low (the 2023–2024 reports' failed-deployment recovery time).
 */
export function doraBand(medianTtrMs: number): DoraBand {
  if (medianTtrMs < HOUR) return 'elite';
  if (medianTtrMs < DAY) return 'high';
  if (medianTtrMs < 7 * DAY) return 'medium';
  return 'low';
}

export const DORA_BAND_MEANING: Record<DoraBand, string> = {
  elite: 'under an hour',
  high: 'under a day',
  medium: 'under a week',
  low: 'a week or more',
};

/** Below this many resolved incidents, a median says little and the report says so. */
export const SMALL_SAMPLE = 5;
