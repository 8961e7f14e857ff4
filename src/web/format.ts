import { DateTime } from 'luxon';
import { formatDuration, type Instant } from '../domain/time.js';
import { type Html, html } from './html.js';

/** An instant as the reader reads it: in their zone, with a machine-readable `<time>`. */
export function when(instant: Instant | undefined, zone: string): Html | string {
  if (!instant) return '—';
  const epoch = Date.parse(instant);
  if (Number.isNaN(epoch)) return instant;
  const local = new Date(epoch + offsetMinutes(zone, epoch) * 60_000).toISOString();
  return html`<time datetime="${instant}">${local.slice(0, 10)} ${local.slice(11, 16)}</time>`;
}

/**
 * The zone's offset from UTC at an instant, in minutes. Luxon works it out with Intl for every
 * instant, which made an incident page of a thousand events spend most of its time there; an
 * offset is constant between a zone's transitions, so it is kept per quarter hour: where the
 * offsets at both ends of a quarter agree, none can have changed in between (transitions are
 * months apart), and a quarter holding a transition is worked out instant by instant.
 */
function offsetMinutes(zone: string, epoch: number): number {
  const bucket = Math.floor(epoch / QUARTER_HOUR);
  let offsets = OFFSETS.get(zone);
  if (!offsets) {
    if (OFFSETS.size >= 64) OFFSETS.clear();
    offsets = new Map();
    OFFSETS.set(zone, offsets);
  }
  let offset = offsets.get(bucket);
  if (offset === undefined) {
    const start = exactOffset(zone, bucket * QUARTER_HOUR);
    const end = exactOffset(zone, (bucket + 1) * QUARTER_HOUR - 1);
    offset = start === end ? start : Number.NaN;
    if (offsets.size >= 4096) offsets.clear();
    offsets.set(bucket, offset);
  }
  return Number.isNaN(offset) ? exactOffset(zone, epoch) : offset;
}

const QUARTER_HOUR = 15 * 60_000;
const OFFSETS = new Map<string, Map<number, number>>();

/** An unknown zone reads as UTC. */
function exactOffset(zone: string, epoch: number): number {
  const time = DateTime.fromMillis(epoch, { zone });
  return time.isValid ? time.offset : 0;
}

export function duration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(ms);
}

/** A duration in minutes, for charts (one decimal). */
export function minutes(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round(ms / 6_000) / 10;
}
