import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReportRow } from '../../src/domain/ports.js';
import { DAY, HOUR, MINUTE } from '../../src/domain/time.js';
import { doraBand } from '../../src/reports/dora.js';
import { buildMttxReport } from '../../src/reports/mttx.js';
import { percentile, summarize } from '../../src/reports/percentile.js';
import { actor, run, testDeps, textOf } from '../support/harness.js';

describe('percentiles by linear interpolation between closest ranks', () => {
  it.each([
    [[10, 20, 30, 40], 0.5, 25],
    [[10, 20, 30, 40], 0.9, 37],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[5], 0.5, 5],
    [[5], 0.9, 5],
    [[7, 7, 7, 9], 0.5, 7],
    [[3, 1, 2].sort(), 0.5, 2],
    [[], 0.5, undefined],
  ])('%j at p%s is %s', (values, p, expected) => {
    const result = percentile(values, p);
    if (expected === undefined) expect(result).toBeUndefined();
    else expect(result).toBeCloseTo(expected, 10);
  });

  it('summarizes n, median, p90 and max whatever the order', () => {
    expect(summarize([40, 10, 30, 20])).toEqual({ n: 4, median: 25, p90: 37, max: 40 });
    expect(summarize([])).toEqual({ n: 0 });
  });

  it('summarizes by selection exactly as sorting would', () => {
    const bySorting = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        n: sorted.length,
        median: Math.round(percentile(sorted, 0.5)!),
        p90: Math.round(percentile(sorted, 0.9)!),
        max: sorted.at(-1),
      };
    };
    // Few distinct values too: duplicates are where a selection's partitioning goes wrong.
    const durations = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 10 * DAY }), { minLength: 1, maxLength: 300 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 300 }),
    );
    fc.assert(
      fc.property(durations, (values) => {
        expect(summarize(values)).toEqual(bySorting(values));
      }),
    );
    const ascending = Array.from({ length: 5000 }, (_, i) => i * MINUTE);
    expect(summarize(ascending)).toEqual(bySorting(ascending));
    expect(summarize([...ascending].reverse())).toEqual(bySorting(ascending));
  });
});

describe('DORA recovery bands', () => {
  it.each([
    [59 * MINUTE, 'elite'],
    [HOUR, 'high'],
    [23 * HOUR, 'high'],
    [DAY, 'medium'],
    [7 * DAY - 1, 'medium'],
    [7 * DAY, 'low'],
  ] as const)('%i ms is %s', (ms, band) => {
    expect(doraBand(ms)).toBe(band);
  });
});

const T = Date.parse('2026-11-01T00:00:00Z');
function row(
  id: number,
  minutes: { detect?: number; ack?: number; mitigate?: number; resolve?: number },
  extra: Partial<ReportRow> = {},
): ReportRow {
  const start = T + id * DAY;
  return {
    id: `INC-${id}`,
    severity: 'SEV2',
    service: 'payments',
    status: minutes.resolve === undefined ? 'investigating' : 'resolved',
    impactStartedAt: start,
    detectedAt: start + (minutes.detect ?? 0) * MINUTE,
    declaredAt: start + (minutes.detect ?? 0) * MINUTE,
    declarationKnown: true,
    acknowledgedAt: minutes.ack === undefined ? null : start + ((minutes.detect ?? 0) + minutes.ack) * MINUTE,
    mitigatedAt: minutes.mitigate === undefined ? null : start + minutes.mitigate * MINUTE,
    resolvedAt: minutes.resolve === undefined ? null : start + minutes.resolve * MINUTE,
    causedBy: null,
    recorded: false,
    ...extra,
  };
}
const window = {
  since: '2026-09-01T00:00:00.000Z',
  until: '2026-11-30T00:00:00.000Z',
  windowMs: 90 * DAY,
  filters: {},
};

describe('the MTTx report', () => {
  it('matches hand-computed medians and p90s, leaving open incidents out of TTR', () => {
    const report = buildMttxReport(
      [
        row(1, { detect: 5, ack: 2, mitigate: 20, resolve: 30 }),
        row(2, { detect: 10, ack: 4, mitigate: 40, resolve: 60 }),
        row(3, { detect: 15, ack: 6, mitigate: 60, resolve: 90 }),
        row(4, { detect: 20, ack: 8, mitigate: 80, resolve: 120 }),
        row(5, { detect: 25, ack: 10 }), // still open
      ],
      window,
    );
    expect(report.incidents).toBe(5);
    expect(report.resolved).toBe(4);
    expect(report.stillOpen).toBe(1);
    // TTD 5,10,15,20,25 → median 15, p90 at rank 3.6 → 20 + 0.6·5 = 23
    expect(report.durations.ttd).toEqual({ n: 5, median: 15 * MINUTE, p90: 23 * MINUTE, max: 25 * MINUTE });
    // TTA 2,4,6,8,10 → median 6, p90 9.2
    expect(report.durations.tta.median).toBe(6 * MINUTE);
    expect(report.durations.tta.p90).toBeCloseTo(9.2 * MINUTE, 6);
    // TTR 30,60,90,120 (the open one is not counted) → median 75, p90 at rank 2.7 → 90 + 0.7·30 = 111
    expect(report.durations.ttr).toEqual({ n: 4, median: 75 * MINUTE, p90: 111 * MINUTE, max: 120 * MINUTE });
    expect(report.dora).toEqual({ band: 'high', medianTtr: 75 * MINUTE, n: 4 });
    expect(report.smallSample).toContain('Only 4 resolved incidents');
  });

  it('leaves the stand-in milestones of an incident recorded after the fact out of TTD and TTA', () => {
    const report = buildMttxReport(
      [
        row(1, { detect: 5, ack: 2, resolve: 30 }),
        // Recorded without its detection or declaration: only its resolution counts.
        row(2, { ack: 50, resolve: 600 }, { recorded: true, detectedAt: null, declarationKnown: false }),
      ],
      window,
    );
    expect(report.durations.ttd).toEqual({ n: 1, median: 5 * MINUTE, p90: 5 * MINUTE, max: 5 * MINUTE });
    expect(report.durations.tta.n).toBe(1);
    expect(report.durations.tta.median).toBe(2 * MINUTE);
    expect(report.durations.ttr.n).toBe(2);
    expect(report.recordedAfterTheFact).toBe(1);
  });

  it('handles n = 1 and ties', () => {
    const one = buildMttxReport([row(1, { resolve: 40 })], window);
    expect(one.durations.ttr).toEqual({ n: 1, median: 40 * MINUTE, p90: 40 * MINUTE, max: 40 * MINUTE });
    expect(one.dora?.band).toBe('elite');
    const ties = buildMttxReport(
      [
        row(1, { resolve: 30 }),
        row(2, { resolve: 30 }),
        row(3, { resolve: 30 }),
        row(4, { resolve: 30 }),
        row(5, { resolve: 90 }),
      ],
      window,
    );
    expect(ties.durations.ttr).toEqual({ n: 5, median: 30 * MINUTE, p90: 66 * MINUTE, max: 90 * MINUTE });
    expect(ties.smallSample).toBeUndefined();
  });

  it('breaks down by severity and by service', () => {
    const report = buildMttxReport(
      [
        row(1, { resolve: 10 }, { severity: 'SEV1' }),
        row(2, { resolve: 30 }, { severity: 'SEV2', service: 'database' }),
        row(3, { resolve: 50 }, { severity: 'SEV1', service: null }),
      ],
      window,
    );
    expect(
      report.bySeverity.map((group) => [group.key, group.incidents, group.durations.ttr.median]),
    ).toEqual([
      ['SEV1', 2, 30 * MINUTE],
      ['SEV2', 1, 30 * MINUTE],
    ]);
    expect(report.byService.map((group) => group.key)).toEqual(['(no service)', 'database', 'payments']);
  });

  it('says nothing about DORA with no resolved incident', () => {
    const report = buildMttxReport([row(1, {})], window);
    expect(report.dora).toBeUndefined();
    expect(report.smallSample).toBe(
      'No incident in this window is resolved yet: there is no time to resolve to measure.',
    );
  });
});

describe('/incident stats', () => {
  it('reports the window, n, median, p90 and the DORA band, and filters by service and severity', async () => {
    const deps = testDeps();
    for (const [minutes, spec] of [
      [40, 'sev2 service:payments'],
      [64, 'sev2 service:payments'],
      [3 * 60 + 10, 'sev1 service:database'],
    ] as const) {
      await run(deps, `declare ${spec} Something broke`);
      deps.clock.advance(`${minutes}m`);
      await run(deps, `resolve INC-${await deps.store.nextIncidentNumber().then((n) => n - 1)}`);
      deps.clock.advance('1d');
    }
    const all = textOf(await run(deps, 'stats 30d', actor('alice')));
    expect(all).toContain('Incident stats, last 30d');
    expect(all).toContain('3 declared since');
    expect(all).toMatch(/TTR\s+3\s+1h 4m\s+2h 44m\s+3h 10m/);
    expect(all).toContain('DORA recovery band: high (median time to resolve 1h 4m');
    expect(all).toContain('Only 3 resolved incidents');
    const payments = textOf(await run(deps, 'stats 30d service:payments sev2'));
    expect(payments).toContain('(service payments, SEV2)');
    expect(payments).toMatch(/TTR\s+2\s+52m\s+1h 1m\s+1h 4m/);
    await expect(run(deps, 'stats service:nope')).rejects.toMatchObject({ code: 'UNKNOWN_SERVICE' });
  });
});
