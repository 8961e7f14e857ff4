import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/domain/deployments.js';
import type { ReportRow } from '../../src/domain/ports.js';
import { fourKeysWarnings } from '../../src/messages/four-keys.js';
import {
  buildFourKeys,
  changeFailureBand,
  deploymentFrequencyBand,
  leadTimeBand,
  weeklyFourKeys,
} from '../../src/reports/four-keys.js';
import { weekStart } from '../../src/reports/weekly.js';

// Two ISO weeks: Monday 2 November 2026 to Monday 16 November (exclusive), 14 days.
const FROM = '2026-11-02T00:00:00.000Z';
const TO = '2026-11-16T00:00:00.000Z';

function deployment(
  id: number,
  finishedAt: string,
  changes?: string[],
  status: 'success' | 'failure' = 'success',
): Deployment {
  return {
    id: `D-${id}`,
    key: `k${id}`,
    service: 'payments',
    mapped: true,
    environment: 'production',
    sha: `abc${id}`,
    status,
    finishedAt,
    source: 'cli',
    recordedAt: finishedAt,
    ...(changes ? { changes: changes.map((committedAt, i) => ({ sha: `c${id}${i}`, committedAt })) } : {}),
  };
}

function incident(id: number, causedBy: string | null, impact: string, resolved: string | null): ReportRow {
  return {
    id: `INC-${id}`,
    severity: 'SEV2',
    service: 'payments',
    status: resolved ? 'resolved' : 'investigating',
    impactStartedAt: Date.parse(impact),
    detectedAt: Date.parse(impact),
    declaredAt: Date.parse(impact),
    declarationKnown: true,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: resolved ? Date.parse(resolved) : null,
    causedBy,
    recorded: false,
  };
}

const deployments = [
  // Monday: two deployments on one day; lead times 120 and 60 minutes, then 120 (a tie).
  deployment(1, '2026-11-02T10:00:00.000Z', ['2026-11-02T08:00:00.000Z', '2026-11-02T09:00:00.000Z']),
  deployment(2, '2026-11-02T15:00:00.000Z', ['2026-11-02T13:00:00.000Z']),
  // Wednesday: its changes are unknown, so its lead time is left out.
  deployment(3, '2026-11-04T12:00:00.000Z'),
  // The next Tuesday: one change, committed a day before (1440 minutes).
  deployment(4, '2026-11-10T09:00:00.000Z', ['2026-11-09T09:00:00.000Z']),
  // A failed attempt is not a deployment; the last one finished as the window closed, outside it.
  deployment(5, '2026-11-11T09:00:00.000Z', undefined, 'failure'),
  deployment(6, TO, []),
];

const incidents = [
  // D-1 caused two incidents: it counts once as failed; both count for recovery (60 and 180 min).
  incident(1, 'D-1', '2026-11-02T10:30:00.000Z', '2026-11-02T11:30:00.000Z'),
  incident(2, 'D-1', '2026-11-02T11:00:00.000Z', '2026-11-02T14:00:00.000Z'),
  // D-4 caused one still open: failed, but no recovery time yet.
  incident(3, 'D-4', '2026-11-10T09:30:00.000Z', null),
  incident(4, null, '2026-11-05T09:30:00.000Z', '2026-11-05T19:30:00.000Z'),
  incident(5, 'D-6', '2026-11-16T01:00:00.000Z', '2026-11-16T02:00:00.000Z'),
];

describe('the four keys', () => {
  it('match the figures worked out by hand', () => {
    expect(buildFourKeys({ from: FROM, to: TO, service: 'payments', deployments, incidents })).toEqual({
      window: { from: FROM, to: TO },
      service: 'payments',
      // D-1..D-4: 4 in 14 days = 2 a week. Days with one: week 1 {Mon, Wed} = 2, week 2 {Tue} = 1;
      // the median of [1, 2] is 1.5.
      deploymentFrequency: { deployments: 4, perWeek: 2, medianDeployDaysPerWeek: 1.5, band: 'high' },
      // [60, 120, 120, 1440]: median at rank 1.5 = 120; p90 at rank 2.7 = 120 + 0.7 × 1320 = 1044.
      leadTime: { n: 4, excluded: 1, medianMinutes: 120, p90Minutes: 1044, band: 'elite' },
      // D-1 and D-4 caused incidents: 2 of 4.
      changeFailureRate: { deployments: 4, failed: 2, rate: 0.5, band: 'low' },
      // [60, 180]: median 120 minutes, under a day.
      recoveryTime: { n: 2, medianMinutes: 120, band: 'high' },
      recordedAfterTheFact: 0,
    });
    const empty = buildFourKeys({ from: FROM, to: TO, service: null, deployments: [], incidents });
    expect(fourKeysWarnings(empty)).toEqual([
      'No production deployments in this window: send them from GitHub, any CI/CD or the CLI (see "Deployments" in the README).',
    ]);
  });

  it('count the incidents in the figures that were recorded after the fact', () => {
    const recorded = incidents.map((row) =>
      row.id === 'INC-2' || row.id === 'INC-5' ? { ...row, recorded: true } : row,
    );
    // INC-2 (caused by D-1) is in the figures; INC-5 is caused by D-6, outside the window.
    expect(
      buildFourKeys({ from: FROM, to: TO, service: null, deployments, incidents: recorded })
        .recordedAfterTheFact,
    ).toBe(1);
  });

  it('say nothing is known over an empty window, rather than inventing bands', () => {
    expect(buildFourKeys({ from: FROM, to: TO, service: null, deployments: [], incidents })).toEqual({
      window: { from: FROM, to: TO },
      service: null,
      deploymentFrequency: { deployments: 0, perWeek: 0, medianDeployDaysPerWeek: 0, band: null },
      leadTime: { n: 0, excluded: 0, medianMinutes: null, p90Minutes: null, band: null },
      changeFailureRate: { deployments: 0, failed: 0, rate: null, band: null },
      recoveryTime: { n: 0, medianMinutes: null, band: null },
      recordedAfterTheFact: 0,
    });
  });

  it('give a weekly series, Monday to Sunday, each week with its own figures', () => {
    const weeks = weeklyFourKeys({ from: FROM, to: TO, service: null, deployments, incidents });
    expect(weeks.map((week) => week.window.from)).toEqual([FROM, '2026-11-09T00:00:00.000Z']);
    expect(weeks.map((week) => week.deploymentFrequency.deployments)).toEqual([3, 1]);
    expect(weeks.map((week) => week.changeFailureRate.rate)).toEqual([0.3333, 1]);
    expect(weeks.map((week) => week.recoveryTime.medianMinutes)).toEqual([120, null]);
  });

  it('start ISO weeks on Monday', () => {
    expect(new Date(weekStart(Date.parse('2026-11-08T23:59:00Z'))).toISOString()).toBe(FROM);
    expect(new Date(weekStart(Date.parse('2026-11-09T00:00:00Z'))).toISOString()).toBe(
      '2026-11-09T00:00:00.000Z',
    );
  });

  it.each([
    [deploymentFrequencyBand(7), 'elite'],
    [deploymentFrequencyBand(6.99), 'high'],
    [deploymentFrequencyBand(1), 'high'],
    [deploymentFrequencyBand(0.25), 'medium'],
    [deploymentFrequencyBand(0.2), 'low'],
    [leadTimeBand(24 * 3_600_000 - 1), 'elite'],
    [leadTimeBand(24 * 3_600_000), 'high'],
    [leadTimeBand(30 * 24 * 3_600_000), 'low'],
    [changeFailureBand(0.05), 'elite'],
    [changeFailureBand(0.1), 'high'],
    [changeFailureBand(0.15), 'medium'],
    [changeFailureBand(0.16), 'low'],
  ])('bands at their edges: %s is %s', (band, expected) => {
    expect(band).toBe(expected);
  });
});
