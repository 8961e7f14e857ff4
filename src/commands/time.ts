import { DateTime, IANAZone } from 'luxon';
import { fail } from '../domain/errors.js';
import { DAY, HOUR, type Instant, MINUTE } from '../domain/time.js';

/** A time as typed: a wall-clock `HH:MM` (in the person's zone) or an ISO 8601 timestamp. */
export type TimeSpec = { kind: 'clock'; hour: number; minute: number } | { kind: 'iso'; text: string };

export function parseTimeSpec(text: string): TimeSpec | undefined {
  const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (clock) return { kind: 'clock', hour: Number(clock[1]), minute: Number(clock[2]) };
  const iso = text.replace(/^(\d{4}-\d{2}-\d{2})[ _](\d)/, '$1T$2');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) && DateTime.fromISO(iso, { zone: 'utc' }).isValid) {
    return { kind: 'iso', text: iso };
  }
  return undefined;
}

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

const UNIT: Record<string, number> = { m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };
/** The longest window a report looks back over; longer is almost always a typo. */
export const MAX_WINDOW = 3 * 366 * DAY;

/** `30m`, `12h`, `90d`, `2w` → milliseconds. */
export function parseWindow(text: string): number | undefined {
  const match = /^(\d{1,5})([mhdw])$/i.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT[match[2]!.toLowerCase()]!;
  return ms > 0 && ms <= MAX_WINDOW ? ms : undefined;
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function parseDate(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  return DateTime.fromISO(text, { zone: 'utc' }).isValid ? text : undefined;
}
