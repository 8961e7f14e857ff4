/** An instant in UTC, as an ISO 8601 string with milliseconds: `2026-11-26T03:56:38.000Z`. */
export type Instant = string;

/** A time as typed: a wall-clock `HH:MM` (in the person's zone) or an ISO 8601 timestamp. */
export type TimeSpec = { kind: 'clock'; hour: number; minute: number } | { kind: 'iso'; text: string };

export function toInstant(date: Date): Instant {
  return date.toISOString();
}

export function millis(instant: Instant): number {
  return Date.parse(instant);
}

export function addMillis(instant: Instant, ms: number): Instant {
  return new Date(millis(instant) + ms).toISOString();
}

/** b − a in milliseconds. */
export function between(a: Instant, b: Instant): number {
  return millis(b) - millis(a);
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * `45s`, `40m`, `1h 4m`, `24h 11m`: exact to the minute (the seconds dropped), in hours and minutes
 * however long, so that a postmortem or a report never rounds `24h 11m` to `1d`.
 */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < MINUTE) return `${Math.floor(ms / 1000)}s`;
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (hours === 0) return `${minutes}m`;
  return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
}
