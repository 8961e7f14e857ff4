import { DateTime, type DurationLikeObject } from 'luxon';
import { rollingWindowMinutes, type SloWindow, type WindowUnit } from '../domain/slo.js';
import { MINUTE } from '../domain/time.js';

const LUXON_UNIT: Record<WindowUnit, keyof DurationLikeObject & string> = {
  m: 'minutes',
  h: 'hours',
  d: 'days',
  w: 'weeks',
  M: 'months',
  Q: 'quarters',
  Y: 'years',
};

/** The period an SLO is judged over at `now`, in epoch milliseconds. */
export interface WindowBounds {
  from: number;
  /** A calendar period ends in the future; a rolling window ends now. */
  to: number;
  minutes: number;
}

function calendarAnchor(window: SloWindow): DateTime {
  const zone = window.calendar?.timeZone ?? 'UTC';
  const start = window.calendar?.startTime;
  if (start) {
    const sql = DateTime.fromSQL(start, { zone });
    const parsed = sql.isValid ? sql : DateTime.fromISO(start, { zone });
    if (parsed.isValid) return parsed;
  }
  // No start given: periods line up with the calendar (months from January 1970, weeks from a Monday).
  const unit = LUXON_UNIT[window.unit];
  return DateTime.fromMillis(0, { zone }).startOf(unit === 'quarters' ? 'year' : (unit as 'day'));
}

/**
 * Rolling: the last DURATION up to now (a rolling `1M` is 30 days). Calendar: the period of
 * `count` units, counted from the calendar's start time, that holds `now`; a month is as long as
 * that month.
 */
export function windowAt(window: SloWindow, now: number): WindowBounds {
  if (window.isRolling) {
    const minutes = rollingWindowMinutes(window);
    return { from: now - minutes * MINUTE, to: now, minutes };
  }
  const unit = LUXON_UNIT[window.unit];
  const anchor = calendarAnchor(window);
  const at = DateTime.fromMillis(now, { zone: anchor.zone });
  const elapsed = at.diff(anchor, unit).as(unit);
  let index = Math.floor(elapsed / window.count);
  const startOf = (k: number) => anchor.plus({ [unit]: k * window.count });
  while (startOf(index).toMillis() > now) index--;
  while (startOf(index + 1).toMillis() <= now) index++;
  const from = startOf(index).toMillis();
  const to = startOf(index + 1).toMillis();
  return { from, to, minutes: (to - from) / MINUTE };
}
