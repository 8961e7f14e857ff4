import { describe, expect, it } from 'vitest';
import { impactIntervals, incidentSpend } from '../../src/domain/error-budget.js';
import { DEFAULT_ERROR_BUDGET_POLICY, parseErrorBudgetPolicy } from '../../src/domain/error-budget-policy.js';
import type { NewEvent } from '../../src/domain/events.js';
import { evolveAll } from '../../src/domain/evolve.js';
import type { Incident } from '../../src/domain/incident.js';
import { budgetMinutes, parseWindowDuration, rollingWindowMinutes, type Slo } from '../../src/domain/slo.js';
import { formatMinutes, formatShare } from '../../src/messages/error-budget.js';
import { errorBudgets, incidentBudget, sloBudget, sloBurnDown } from '../../src/reports/error-budget.js';
import { windowAt } from '../../src/reports/slo-window.js';

const T0 = '2026-11-26T14:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const WINDOW_28D = 28 * 24 * 60;
const CHECKOUT = { name: 'checkout-availability', target: 0.999, windowMinutes: WINDOW_28D };

/** An incident on payments whose impact began at T0 + `startedAt` minutes, with these events after. */
function incidentWith(
  events: Array<Partial<NewEvent> & Pick<NewEvent, 'kind'>>,
  number = 1,
  startedAt = 0,
): Incident {
  const declared: NewEvent = {
    kind: 'declared',
    number,
    title: 'Checkout failing',
    severity: 'SEV2',
    service: 'payments',
    private: false,
    at: at(startedAt),
    actor: 'alice',
  };
  return evolveAll(undefined, [
    declared,
    ...events.map((event) => ({ at: at(startedAt), actor: 'alice', ...event }) as NewEvent),
  ]);
}

const mitigatedAfter = (minutes: number, startedAt = 0) =>
  ({ kind: 'milestone_set', milestone: 'mitigatedAt', value: at(startedAt + minutes) }) as const;
const impact = (percent: number, extra: { slo?: string; from?: string; to?: string } = {}) =>
  ({ kind: 'impact_recorded', percent, ...extra }) as const;

function slo(name: string, target: number, duration = '28d', isRolling = true): Slo {
  const window = parseWindowDuration(duration)!;
  return {
    name,
    service: 'payments',
    target,
    budgetingMethod: 'Occurrences',
    window: { duration, ...window, isRolling },
    file: 'payments.md',
  };
}

describe('the error budget of a window', () => {
  it('is (1 − target) × window minutes: 99.9 % over 28 days is 40.32 minutes of full outage', () => {
    expect(budgetMinutes(0.999, WINDOW_28D)).toBeCloseTo(40.32, 10);
    expect(budgetMinutes(0.99, 30 * 24 * 60)).toBeCloseTo(432, 10);
  });

  it('reads OpenSLO durations with their units, case respected, and a rolling month as 30 days', () => {
    expect(rollingWindowMinutes(parseWindowDuration('28d')!)).toBe(40_320);
    expect(rollingWindowMinutes(parseWindowDuration('4w')!)).toBe(40_320);
    expect(rollingWindowMinutes(parseWindowDuration('1M')!)).toBe(43_200);
    expect(rollingWindowMinutes(parseWindowDuration('1Q')!)).toBe(129_600);
    expect(rollingWindowMinutes(parseWindowDuration('90m')!)).toBe(90);
    for (const refused of ['28D', '28', '1m2', 'd', '0d', '28 d', '1.5d', '-1d'])
      expect(parseWindowDuration(refused)).toBeUndefined();
  });
});

describe('budget figures as people read them', () => {
  it('gives three significant digits, and a sliver as "< 0.01"', () => {
    expect([0.335, 0.0496, 1.25, 0].map(formatShare)).toEqual(['33.5 %', '4.96 %', '125 %', '0 %']);
    expect(formatShare(0.00000732)).toBe('< 0.01 %');
    expect([13.5, 40.32, 0, 0.000295].map(formatMinutes)).toEqual([
      '13.5 min',
      '40.3 min',
      '0 min',
      '< 0.01 min',
    ]);
  });
});

describe('what an incident spends', () => {
  it.each([
    [100, 10, 24.8],
    [30, 45, 33.5],
    [10, 20, 4.96],
  ])('%s %% of traffic for %s minutes spends %s %% of 99.9 %% over 28 days', (percent, minutes, share) => {
    const incident = incidentWith([impact(percent), mitigatedAfter(minutes)]);
    const spend = incidentSpend(incident, CHECKOUT, at(600));
    expect(spend.known).toBe(true);
    if (!spend.known) return;
    expect(spend.spentMinutes).toBeCloseTo((percent / 100) * minutes, 10);
    expect(Number((spend.spentShare * 100).toPrecision(3))).toBe(share);
  });

  it('25 % for 60 minutes spends 15 minutes, 37.2 % of the budget', () => {
    const incident = incidentWith([impact(25), mitigatedAfter(60)]);
    const spend = incidentSpend(incident, CHECKOUT, at(600));
    expect(spend).toMatchObject({ known: true });
    if (spend.known) {
      expect(spend.spentMinutes).toBeCloseTo(15, 10);
      expect(Number((spend.spentShare * 100).toPrecision(3))).toBe(37.2);
    }
  });

  it('counts an impact window still open up to now', () => {
    const incident = incidentWith([impact(50)]);
    const spend = incidentSpend(incident, CHECKOUT, at(30));
    expect(spend.known && spend.spentMinutes).toBeCloseTo(15, 10);
    const later = incidentSpend(incident, CHECKOUT, at(40));
    expect(later.known && later.spentMinutes).toBeCloseTo(20, 10);
  });

  it('without an impact figure, says what it would spend if all traffic was affected', () => {
    const incident = incidentWith([mitigatedAfter(10)]);
    const spend = incidentSpend(incident, CHECKOUT, at(600));
    expect(spend.known).toBe(false);
    if (!spend.known) {
      expect(spend.upToMinutes).toBeCloseTo(10, 10);
      expect(Number((spend.upToShare * 100).toPrecision(3))).toBe(24.8);
    }
  });

  it('sums segments, which replace the whole-window figure, a later segment winning where they overlap', () => {
    const incident = incidentWith([
      impact(30),
      impact(100, { from: at(0), to: at(10) }),
      impact(20, { from: at(10), to: at(40) }),
      // A correction of the last ten minutes of the second segment.
      impact(50, { from: at(30), to: at(40) }),
      mitigatedAfter(60),
    ]);
    // 100 % × 10 + 20 % × 20 + 50 % × 10 = 10 + 4 + 5 = 19 minutes; the 30 % figure is replaced.
    const spend = incidentSpend(incident, CHECKOUT, at(600));
    expect(spend.known && spend.spentMinutes).toBeCloseTo(19, 10);
    expect(impactIntervals(incident, CHECKOUT.name, at(600))?.map((piece) => piece.share)).toEqual([
      1, 0.2, 0.5,
    ]);
  });

  it('applies a figure without slo: to every SLO, and one with slo: to that SLO only', () => {
    const incident = incidentWith([impact(10), impact(60, { slo: 'checkout-latency' }), mitigatedAfter(30)]);
    const availability = incidentSpend(incident, CHECKOUT, at(600));
    const latency = incidentSpend(
      incident,
      { name: 'checkout-latency', target: 0.99, windowMinutes: WINDOW_28D },
      at(600),
    );
    expect(availability.known && availability.spentMinutes).toBeCloseTo(3, 10);
    // 60 % × 30 = 18 minutes of a 403.2-minute budget.
    expect(latency.known && latency.spentMinutes).toBeCloseTo(18, 10);
    expect(latency.known && latency.spentShare).toBeCloseTo(18 / 403.2, 10);
  });
});

describe('an SLO over its window', () => {
  const policy = DEFAULT_ERROR_BUDGET_POLICY;

  it('adds up the incidents of its service in the window, several SLOs at once', () => {
    const first = incidentWith([impact(100), mitigatedAfter(10)], 1, 0);
    const second = incidentWith([impact(30), mitigatedAfter(45, 120)], 2, 120);
    const elsewhere = { ...incidentWith([impact(100), mitigatedAfter(60)], 3, 0), service: 'database' };
    const [availability, latency] = errorBudgets(
      [slo('checkout-availability', 0.999), slo('checkout-latency', 0.99)],
      [second, first, elsewhere],
      at(600),
      policy,
    );
    expect(availability!.budgetMinutes).toBeCloseTo(40.32, 10);
    expect(availability!.spentMinutes).toBeCloseTo(23.5, 10);
    expect(availability!.incidents.map((item) => item.id)).toEqual(['INC-1', 'INC-2']);
    expect(availability!.spentShare).toBeCloseTo(23.5 / 40.32, 10);
    expect(availability!.status).toBe('half-spent');
    expect(availability!.windowDays).toBe(28);
    expect(latency!.spentShare).toBeCloseTo(23.5 / 403.2, 10);
    expect(latency!.status).toBe('healthy');
    expect(sloBurnDown(availability!).map((point) => Number(point.leftMinutes.toFixed(2)))).toEqual([
      40.32, 30.32, 16.82,
    ]);
  });

  it('is exhausted, and frozen under the default policy, once the whole budget is spent', () => {
    const outage = incidentWith([impact(100), mitigatedAfter(41)]);
    const budget = sloBudget(slo('checkout-availability', 0.999), [outage], at(600), policy);
    expect(budget.status).toBe('exhausted');
    expect(budget.freeze).toBe(true);
    const nearly = incidentWith([impact(100), mitigatedAfter(40)]);
    expect(sloBudget(slo('checkout-availability', 0.999), [nearly], at(600), policy)).toMatchObject({
      status: 'half-spent',
      freeze: false,
    });
  });

  it('counts only the part of an incident inside a rolling window, and forgets it once the window has passed', () => {
    const old = incidentWith([impact(100), mitigatedAfter(20)]);
    // 28 days after T0 + 10 minutes, only the last ten minutes are still in the window.
    const half = sloBudget(slo('checkout-availability', 0.999), [old], at(WINDOW_28D + 10), policy);
    expect(half.spentMinutes).toBeCloseTo(10, 10);
    const gone = sloBudget(slo('checkout-availability', 0.999), [old], at(WINDOW_28D + 30), policy);
    expect(gone.spentMinutes).toBe(0);
    expect(gone.incidents).toEqual([]);
  });

  it('judges a 30-day window with its own budget: 99.9 % over 30d is 43.2 minutes', () => {
    const incident = incidentWith([impact(100), mitigatedAfter(10)]);
    const budget = sloBudget(slo('checkout-availability', 0.999, '30d'), [incident], at(600), policy);
    expect(budget.budgetMinutes).toBeCloseTo(43.2, 10);
    expect(budget.windowDays).toBe(30);
    expect(Number((budget.spentShare * 100).toPrecision(3))).toBe(23.1);
  });

  it('judges a calendar month over that month, as long as it is', () => {
    const november = windowAt({ ...slo('x', 0.999, '1M', false).window }, Date.parse('2026-11-26T14:00:00Z'));
    expect(new Date(november.from).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(new Date(november.to).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(november.minutes).toBe(30 * 24 * 60);
    const december = windowAt(slo('x', 0.999, '1M', false).window, Date.parse('2026-12-02T00:00:00Z'));
    expect(december.minutes).toBe(31 * 24 * 60);
    const fromStart = windowAt(
      {
        ...slo('x', 0.999, '2w', false).window,
        calendar: { startTime: '2026-11-02 00:00:00', timeZone: 'UTC' },
      },
      Date.parse('2026-11-26T14:00:00Z'),
    );
    expect(new Date(fromStart.from).toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });
});

describe('what one incident asks under the policy', () => {
  it('asks for a P0 follow-up above 20 % of a budget, and says what is left', () => {
    const costly = incidentWith([impact(25), mitigatedAfter(60)]);
    const earlier = incidentWith([impact(100), mitigatedAfter(5, -300)], 2, -300);
    const [line] = incidentBudget(
      costly,
      [slo('checkout-availability', 0.999)],
      [earlier],
      at(600),
      DEFAULT_ERROR_BUDGET_POLICY,
    );
    expect(line!.needsP0).toBe(true);
    expect(line!.leftMinutes).toBeCloseTo(40.32 - 15 - 5, 10);
    const cheap = incidentWith([impact(10), mitigatedAfter(20)]);
    const [small] = incidentBudget(cheap, [slo('checkout-availability', 0.999)], [], at(600), {
      ...DEFAULT_ERROR_BUDGET_POLICY,
    });
    expect(small!.needsP0).toBe(false);
  });

  it('reads a policy from ERROR_BUDGET_POLICY, and refuses what it cannot read', () => {
    const read = parseErrorBudgetPolicy(
      'incident=10%; freeze=80%; freeze-words=no deploys, ask the SRE lead',
    );
    expect(read.policy).toEqual({
      ...DEFAULT_ERROR_BUDGET_POLICY,
      incidentShare: 0.1,
      freezeShare: 0.8,
      freezeWords: 'no deploys, ask the SRE lead',
    });
    expect(parseErrorBudgetPolicy('incident=0.2').problems[0]).toMatch(/incident=0.2 must be a percentage/);
    expect(parseErrorBudgetPolicy('budget=20%').problems[0]).toMatch(/"budget" is not a setting/);
  });
});
