import type { Clock } from '../../src/domain/ports.js';

/** A clock that stands still until told to move. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: string | Date = '2026-11-26T14:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves on by a number of ms, or by `30s`, `15m`, `2h`, `3d`. */
  advance(by: number | string): void {
    this.current += typeof by === 'number' ? by : parseSpan(by);
  }

  set(to: string | Date): void {
    this.current = new Date(to).getTime();
  }
}

export function parseSpan(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`bad span ${text}`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    match[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(match[1]) * unit;
}
