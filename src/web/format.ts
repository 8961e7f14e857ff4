import { DateTime } from 'luxon';
import { formatDuration, type Instant } from '../domain/time.js';
import { type Html, html } from './html.js';

/** An instant as the reader reads it: in their zone, with a machine-readable `<time>`. */
export function when(instant: Instant | undefined, zone: string): Html | string {
  if (!instant) return '—';
  const time = DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone);
  const shown = (time.isValid ? time : DateTime.fromISO(instant, { zone: 'utc' })).toFormat(
    'yyyy-LL-dd HH:mm',
  );
  return html`<time datetime="${instant}">${shown}</time>`;
}

export function duration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(ms);
}

/** A duration in minutes, for charts (one decimal). */
export function minutes(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round(ms / 6_000) / 10;
}
