import { DateTime } from 'luxon';
import { fail } from '../domain/errors.js';
import { DAY, HOUR, MINUTE, type TimeSpec } from '../domain/time.js';
import { clip } from './cursor.js';

/**
 * ISO 8601 with an optional offset and an optional RFC 9557 zone in brackets:
 * `2017-02-28T09:37`, `2017-02-28T09:37-08:00`, `2017-02-28T09:37[America/Los_Angeles]`.
 */
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?(?:\[!?[A-Za-z][\w/+-]*\])?$/i;

/**
 * `HH:MM`, or ISO 8601 as above. A date and a time may be apart (`2026-11-26 14:54`), and a zone
 * name may follow after a space (`2017-02-28 09:37 America/Los_Angeles`): it becomes the bracketed
 * RFC 9557 form. Whether the zone exists is checked where the time is read (usecases/zoned-time.ts).
 */
export function parseTimeSpec(text: string): TimeSpec | undefined {
  const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (clock) return { kind: 'clock', hour: Number(clock[1]), minute: Number(clock[2]) };
  const iso = text
    .trim()
    .replace(/^(\d{4}-\d{2}-\d{2})[ _](\d)/, '$1T$2')
    .replace(/^(\S+)\s+([A-Za-z][\w/+-]*)$/, '$1[$2]');
  const local = iso.replace(/\[.*\]$/, '');
  if (ISO_TIME.test(iso) && DateTime.fromISO(local, { zone: 'utc' }).isValid) {
    return { kind: 'iso', text: iso };
  }
  return undefined;
}

/** Whether the time is read in the person's zone: `HH:MM`, or ISO 8601 with neither offset nor zone. */
export function readInZone(time: TimeSpec): boolean {
  return time.kind === 'clock' || !/(?:Z|[+-]\d{2}(?::?\d{2})?|\])$/i.test(time.text);
}

/** A time as typed, or an INVALID_TIME refusal that says how to write one. */
export function requireTimeSpec(text: string): TimeSpec {
  const time = parseTimeSpec(text);
  if (time) return time;
  fail(
    'INVALID_TIME',
    `"${clip(text)}" is not a time I can read.`,
    'Use HH:MM (24-hour, your time zone), ISO 8601 like 2026-11-26T14:30Z or 2017-02-28T09:37-08:00, or a zone in brackets: 2017-02-28T09:37[America/Los_Angeles].',
  );
}

const UNIT: Record<string, number> = { m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY, y: 365 * DAY };
/** The longest window a report looks back over (a whole history, `10y`); longer is almost always a typo. */
export const MAX_WINDOW = 25 * 366 * DAY;

/** `live-only` as people type it (`live-only`, `--live-only`, `liveonly`, `live`): leave out recorded incidents. */
export function isLiveOnly(token: string): boolean {
  return /^(?:--)?live(?:-?only)?$/i.test(token);
}

/** `30m`, `12h`, `90d`, `2w`, `10y` → milliseconds. */
export function parseWindow(text: string): number | undefined {
  const match = /^(\d{1,5})([mhdwy])$/i.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT[match[2]!.toLowerCase()]!;
  return ms > 0 && ms <= MAX_WINDOW ? ms : undefined;
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function parseDate(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  return DateTime.fromISO(text, { zone: 'utc' }).isValid ? text : undefined;
}
