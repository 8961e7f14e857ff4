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

/** `40m`, `1h 4m`, `2d 3h`, `45s`: the two largest units, rounded down. */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < MINUTE) return `${Math.floor(ms / 1000)}s`;
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  return `${minutes}m`;
}
