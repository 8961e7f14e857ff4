import { describe, expect, it } from 'vitest';
import { declare, setMilestone } from '../../src/domain/decisions.js';
import { durationsOf } from '../../src/domain/durations.js';
import { evolve, evolveAll } from '../../src/domain/evolve.js';
import type { Incident, Milestones } from '../../src/domain/incident.js';
import { findOrderViolation } from '../../src/domain/milestones.js';
import { formatDuration, MINUTE } from '../../src/domain/time.js';

const at = (hhmm: string) => `2026-11-26T${hhmm}:00.000Z`;

function declaredAt(time: string): Incident {
  return evolveAll(
    undefined,
    declare({ number: 1, title: 't', severity: 'SEV2', private: false }).map((event) => ({
      ...event,
      at: at(time),
      actor: 'ann',
    })),
  );
}

describe('milestone order', () => {
  const base: Milestones = { impactStartedAt: at('14:54'), detectedAt: at('15:00'), declaredAt: at('15:01') };

  it('accepts a consistent set', () => {
    expect(
      findOrderViolation({
        ...base,
        acknowledgedAt: at('15:05'),
        mitigatedAt: at('15:36'),
        resolvedAt: at('16:00'),
        closedAt: at('17:00'),
      }),
    ).toBeUndefined();
  });

  it.each([
    ['detection before impact', { detectedAt: at('14:50') }, 'impactStartedAt', 'detectedAt'],
    ['declaration before detection', { detectedAt: at('15:02') }, 'detectedAt', 'declaredAt'],
    ['acknowledged before declared', { acknowledgedAt: at('15:00') }, 'declaredAt', 'acknowledgedAt'],
    ['mitigated before impact', { mitigatedAt: at('14:00') }, 'impactStartedAt', 'mitigatedAt'],
    [
      'resolved before mitigated',
      { mitigatedAt: at('15:30'), resolvedAt: at('15:20') },
      'mitigatedAt',
      'resolvedAt',
    ],
    ['closed before resolved', { resolvedAt: at('16:00'), closedAt: at('15:59') }, 'resolvedAt', 'closedAt'],
  ] as const)('finds %s', (_name, change, earlier, later) => {
    expect(findOrderViolation({ ...base, ...change })).toMatchObject({ earlier, later });
  });
});

describe('setting a milestone', () => {
  const now = at('16:30');

  it('back-dates the impact start', () => {
    const incident = declaredAt('15:01');
    const events = setMilestone(incident, 'impactStartedAt', at('14:54'), now);
    expect(events).toEqual([
      { kind: 'milestone_set', milestone: 'impactStartedAt', value: at('14:54'), previous: at('15:01') },
    ]);
  });

  it('refuses a time in the future', () => {
    expect(() => setMilestone(declaredAt('15:01'), 'detectedAt', at('16:31'), now)).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME' }),
    );
  });

  it('refuses a change that would make a duration negative, saying which bound', () => {
    const incident = declaredAt('15:01');
    expect(() => setMilestone(incident, 'impactStartedAt', at('15:10'), now)).toThrow(
      expect.objectContaining({
        code: 'MILESTONE_ORDER',
        message: expect.stringContaining('after the detection'),
        hint: expect.stringContaining('at or before 2026-11-26 15:01 UTC'),
      }),
    );
    expect(() => setMilestone(incident, 'mitigatedAt', at('14:00'), now)).toThrow(
      expect.objectContaining({ code: 'MILESTONE_ORDER', hint: expect.stringContaining('at or after') }),
    );
  });

  it('refuses a change to the same time as a no-op', () => {
    expect(() => setMilestone(declaredAt('15:01'), 'detectedAt', at('15:01'), now)).toThrow(
      expect.objectContaining({ code: 'NOTHING_TO_CHANGE' }),
    );
  });
});

describe('durations', () => {
  it('computes TTD, TTA, TTM and TTR on fixed instants (the SRE book example)', () => {
    // Impact at 14:54, declared 7 minutes later, mitigated after 42 minutes, resolved at 16:00.
    const durations = durationsOf({
      impactStartedAt: at('14:54'),
      detectedAt: at('15:01'),
      declaredAt: at('15:01'),
      acknowledgedAt: at('15:04'),
      mitigatedAt: at('15:36'),
      resolvedAt: at('16:00'),
    });
    expect(durations).toEqual({ ttd: 7 * MINUTE, tta: 3 * MINUTE, ttm: 42 * MINUTE, ttr: 66 * MINUTE });
    expect(formatDuration(durations.ttr!)).toBe('1h 6m');
  });

  it('leaves out what is not known yet', () => {
    expect(
      durationsOf({ impactStartedAt: at('14:00'), detectedAt: at('14:00'), declaredAt: at('14:00') }),
    ).toEqual({ ttd: 0 });
  });

  it('follows the lifecycle: monitoring marks mitigation, resolving fills it if missing', () => {
    const declared = declaredAt('14:00');
    const monitoring = evolve(declared, {
      kind: 'status_changed',
      from: 'investigating',
      to: 'monitoring',
      at: at('14:20'),
      actor: 'ann',
    });
    expect(monitoring.milestones.mitigatedAt).toBe(at('14:20'));
    const again = evolve(
      evolve(monitoring, {
        kind: 'status_changed',
        from: 'monitoring',
        to: 'investigating',
        at: at('14:30'),
        actor: 'ann',
      }),
      {
        kind: 'status_changed',
        from: 'investigating',
        to: 'monitoring',
        at: at('14:40'),
        actor: 'ann',
      },
    );
    expect(again.milestones.mitigatedAt).toBe(at('14:20'));
    const resolved = evolve(declared, {
      kind: 'resolved',
      from: 'investigating',
      at: at('15:00'),
      actor: 'ann',
    });
    expect(resolved.milestones).toMatchObject({ mitigatedAt: at('15:00'), resolvedAt: at('15:00') });
  });

  it('acknowledges when someone other than the declarer takes command, once', () => {
    const declared = declaredAt('14:00');
    const own = evolve(declared, {
      kind: 'role_assigned',
      role: 'commander',
      user: 'ann',
      at: at('14:01'),
      actor: 'ann',
    });
    expect(own.milestones.acknowledgedAt).toBeUndefined();
    const taken = evolve(declared, {
      kind: 'role_assigned',
      role: 'commander',
      user: 'bob',
      at: at('14:03'),
      actor: 'bob',
    });
    expect(taken.milestones.acknowledgedAt).toBe(at('14:03'));
    const handed = evolve(taken, {
      kind: 'handed_off',
      from: 'bob',
      to: 'cy',
      at: at('15:00'),
      actor: 'bob',
    });
    expect(handed.milestones.acknowledgedAt).toBe(at('14:03'));
    expect(formatDuration(durationsOf(handed.milestones).tta!)).toBe('3m');
  });

  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [40 * MINUTE, '40m'],
    [64 * MINUTE, '1h 4m'],
    [120 * MINUTE, '2h'],
    // Exact to the minute however long: a day and 11 minutes is never rounded to 1d.
    [(24 * 60 + 11) * MINUTE, '24h 11m'],
    [(2 * 24 + 3) * 60 * MINUTE, '51h'],
    [(24 * 60 + 11) * MINUTE + 59_999, '24h 11m'],
    [-90 * MINUTE, '-1h 30m'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('reopening', () => {
  it('drops a mitigation that resolving filled in, and keeps one from monitoring', () => {
    const declared = declaredAt('14:00');
    const resolved = evolve(declared, {
      kind: 'resolved',
      from: 'investigating',
      at: at('14:30'),
      actor: 'ann',
    });
    const reopened = evolve(resolved, { kind: 'reopened', reason: 'back', at: at('15:00'), actor: 'ann' });
    expect(reopened.milestones.mitigatedAt).toBeUndefined();
    expect(reopened.milestones.resolvedAt).toBeUndefined();
    const monitored = evolve(declared, {
      kind: 'status_changed',
      from: 'investigating',
      to: 'monitoring',
      at: at('14:20'),
      actor: 'ann',
    });
    const again = evolve(
      evolve(monitored, { kind: 'resolved', from: 'monitoring', at: at('14:30'), actor: 'ann' }),
      { kind: 'reopened', reason: 'back', at: at('15:00'), actor: 'ann' },
    );
    expect(again.milestones.mitigatedAt).toBe(at('14:20'));
  });
});
