import { DateTime, IANAZone } from 'luxon';
import { fail } from '../domain/errors.js';
import type { Instant, TimeSpec } from '../domain/time.js';

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

const HOW =
  'Use HH:MM in your time zone, ISO 8601 like 2026-11-26T14:30Z, or a zone in brackets: 2017-02-28T09:37[America/Los_Angeles].';

/** `2017-02-28T09:37`, an offset (`-08:00`, `Z`) and a bracketed zone (`[America/Los_Angeles]`), each optional but the first. */
const PARTS = /^([^Z+[]+?)(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[(!?)([^\]]+)\])?$/i;

function unreadable(text: string): never {
  fail('INVALID_TIME', `"${text}" is not a time I can read.`, HOW);
}

function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * ISO 8601 as RFC 9557 extends it. An offset fixes the instant; a zone name in brackets reads the
 * wall-clock time in that zone; with both, they must agree (RFC 9557 lets an application refuse an
 * inconsistent pair, and guessing which one was meant would put a milestone an hour off). Without
 * either, the time is read in the person's zone. A wall-clock time that the zone skips (clocks
 * going forward) is refused rather than moved.
 */
function readIso(text: string, here: string): Instant {
  const match = PARTS.exec(text);
  if (!match) unreadable(text);
  const [, local = '', offset, , named] = match;
  if (named !== undefined && !isValidZone(named))
    fail(
      'INVALID_TIME',
      `"${named}" is not a time zone I know.`,
      'Name an IANA zone, like America/Los_Angeles, Europe/Paris or UTC.',
    );
  const zone = named ?? here;
  if (offset !== undefined) {
    const fixed = DateTime.fromISO(`${local}${offset}`, { setZone: true });
    if (!fixed.isValid) unreadable(text);
    if (named !== undefined) {
      const expected = fixed.setZone(named).offset;
      if (expected !== fixed.offset)
        fail(
          'INVALID_TIME',
          `In "${text}", the offset ${offsetLabel(fixed.offset)} is not ${named}'s offset at that time (${offsetLabel(expected)}).`,
          'Give the offset or the zone name, or make them agree.',
        );
    }
    return fixed.toUTC().toISO() ?? unreadable(text);
  }
  const parsed = DateTime.fromISO(local, { zone });
  if (!parsed.isValid) unreadable(text);
  const wall = DateTime.fromISO(local, { zone: 'utc' });
  if (parsed.toFormat('yyyy-LL-dd HH:mm') !== wall.toFormat('yyyy-LL-dd HH:mm'))
    fail(
      'INVALID_TIME',
      `${wall.toFormat('yyyy-LL-dd HH:mm')} did not happen in ${zone}: the clocks skipped it.`,
      'Give a time before or after the change, or with its offset.',
    );
  return parsed.toUTC().toISO() ?? unreadable(text);
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
  return readIso(spec.text.trim(), here);
}
