import { DateTime, IANAZone } from 'luxon';
import { fail } from '../domain/errors.js';
import type { Instant, TimeSpec } from '../domain/time.js';

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * The instant a time spec means for someone in `zone` at `now`. A bare `HH:MM` is the most recent
 * such time: at 00:10, `23:50` means yesterday, because milestones are in the past.
 */
export function resolveTimeSpec(spec: TimeSpec, zone: string, now: Date): Instant {
  const here = isValidZone(zone) ? zone : 'utc';
  if (spec.kind === 'clock') {
    const current = DateTime.fromJSDate(now, { zone: here });
    let candidate = current.set({ hour: spec.hour, minute: spec.minute, second: 0, millisecond: 0 });
    if (candidate > current) candidate = candidate.minus({ days: 1 });
    return (
      candidate.toUTC().toISO() ??
      fail('INVALID_TIME', `Could not read the time ${spec.hour}:${spec.minute}.`)
    );
  }
  const parsed = DateTime.fromISO(spec.text, { zone: here });
  if (!parsed.isValid) {
    fail(
      'INVALID_TIME',
      `"${spec.text}" is not a time I can read.`,
      'Use HH:MM in your time zone, or ISO 8601 like 2026-11-26T14:30Z.',
    );
  }
  return parsed.toUTC().toISO() ?? fail('INVALID_TIME', `"${spec.text}" is not a time I can read.`);
}
