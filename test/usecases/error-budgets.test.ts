import { describe, expect, it } from 'vitest';
import { messageToText } from '../../src/console/render-text.js';
import { FirewatchError } from '../../src/domain/errors.js';
import { toInstant } from '../../src/domain/time.js';
import { errorBudgetInput } from '../../src/effects/document-input.js';
import { incidentCard } from '../../src/messages/incident-card.js';
import { recordDeployment } from '../../src/usecases/record-deployment.js';
import { sloBudgets } from '../../src/usecases/slo-budgets.js';
import { actor, incident, run, type TestDeps, testDeps, textOf } from '../support/harness.js';

async function cardText(deps: TestDeps, id: string): Promise<string> {
  const current = await incident(deps, id);
  const errorBudget = await errorBudgetInput(deps, current);
  return messageToText(
    incidentCard(current, { now: toInstant(deps.clock.now()), ...(errorBudget ? { errorBudget } : {}) }),
    { zone: 'UTC' },
  ).join('\n');
}

/**
 * INC-1: a full outage of payments from 10:00 to 10:41 on 1 November, recorded as it ended: more
 * than checkout-availability's 40.32 minutes of budget.
 */
async function exhaustCheckoutBudget(deps: TestDeps): Promise<void> {
  deps.clock.set('2026-11-01T10:41:00Z');
  for (const command of [
    'declare sev1 service:payments Checkout down',
    'set INC-1 impact-start 2026-11-01T10:00:00Z',
    'impact INC-1 100%',
    'resolve INC-1 Rolled back',
  ])
    await run(deps, command);
}

async function refusal(deps: TestDeps, text: string): Promise<FirewatchError> {
  const error = await run(deps, text).catch((caught: unknown) => caught);
  if (!FirewatchError.is(error)) throw new Error(`expected a refusal of "${text}", got ${String(error)}`);
  return error;
}

describe('impact and error budgets through the commands', () => {
  it('records segments in the person’s zone and shows the impact on the timeline and the card once mitigated', async () => {
    const deps = testDeps();
    deps.clock.set('2026-11-26T15:00:00Z');
    const paris = actor('alice', undefined, 'Europe/Paris');
    await run(deps, 'declare sev2 service:payments Checkout failing', paris);
    await run(deps, 'set INC-1 impact-start 14:00', paris); // 13:00 UTC
    // 100 % from 13:00 to 13:10 UTC, 10 % from 13:10 to 13:30 UTC: 10 + 2 = 12 minutes.
    await run(deps, 'impact INC-1 100% from 14:00 to 14:10', paris);
    const reply = await run(deps, 'impact INC-1 10% from 14:10 to 14:30 slo:checkout-availability', paris);
    expect(textOf(reply)).toContain(
      'checkout-availability (99.9 % over 28 days, 40.3 min of budget): 29.8 % of the budget spent (12 min)',
    );
    const timeline = await deps.store.timeline('INC-1');
    expect(timeline.at(-1)).toMatchObject({
      kind: 'impact_recorded',
      percent: 10,
      slo: 'checkout-availability',
      from: '2026-11-26T13:10:00.000Z',
      to: '2026-11-26T13:30:00.000Z',
    });
    expect(await cardText(deps, 'INC-1')).not.toContain('Error budget spent');
    await run(deps, 'set INC-1 mitigated 14:30', paris);
    // checkout-latency heard only of the first segment: 10 of 403.2 minutes.
    expect(await cardText(deps, 'INC-1')).toContain(
      'Error budget spent  checkout-availability 29.8 % · checkout-latency 2.48 %',
    );
  });

  it('refuses an SLO the service does not have, a segment backwards or in the future, and a share above 100 %', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev2 service:payments Checkout failing');
    const unknown = await refusal(deps, 'impact INC-1 20% slo:checkout-speed');
    expect(unknown.code).toBe('UNKNOWN_SLO');
    expect(unknown.message).toBe('payments has no SLO named "checkout-speed".');
    expect(unknown.hint).toBe(
      'Its SLOs are checkout-availability, checkout-latency; leave slo: out to mean all of them.',
    );
    expect((await refusal(deps, 'impact INC-1 20% from 2026-11-26T13:30Z to 2026-11-26T13:10Z')).code).toBe(
      'INVALID_TIME',
    );
    expect(
      (await refusal(deps, 'impact INC-1 20% from 2026-11-26T13:30Z to 2026-11-26T18:00Z')).message,
    ).toMatch(/is in the future/);
    expect((await refusal(deps, 'impact INC-1 120%')).code).toBe('USAGE');
    expect((await refusal(deps, 'impact INC-1 20% from 13:00')).message).toBe(
      'A segment needs both ends: from TIME to TIME.',
    );
  });

  it('says "up to" without an impact figure rather than guessing', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev2 service:payments Checkout failing');
    deps.clock.advance('10m');
    const reply = await run(deps, 'resolve INC-1');
    expect(textOf(reply)).toContain(
      'checkout-availability (99.9 % over 28 days, 40.3 min of budget): up to 24.8 % if all traffic was affected',
    );
  });

  it('puts the change freeze on /incident slo and on new cards of the service once the budget is exhausted, until it recovers', async () => {
    const deps = testDeps();
    await exhaustCheckoutBudget(deps);
    deps.clock.set('2026-11-10T10:00:00Z');
    await run(deps, 'declare sev3 service:checkout Slow refunds');
    const card = await cardText(deps, 'INC-2');
    expect(card).toContain(
      '🧊 change freeze: only P0 and security fixes — the error budget of checkout-availability is exhausted.',
    );
    // The incident that spent the budget was declared before the freeze: its card does not carry it.
    expect(await cardText(deps, 'INC-1')).not.toContain('🧊');
    const report = textOf(await run(deps, 'slo payments'));
    expect(report).toMatch(/checkout-availability .* 41 min \(102 %\) +0 min +🔴 exhausted/);
    expect(report).toContain(
      '🧊 payments: change freeze: only P0 and security fixes (budget exhausted: checkout-availability)',
    );
    // 28 days after the outage it has left the rolling window: the freeze is over.
    deps.clock.set('2026-11-29T10:42:00Z');
    expect(await cardText(deps, 'INC-2')).not.toContain('🧊');
    expect(textOf(await run(deps, 'slo payments'))).not.toContain('🧊');
  });

  it('lists the production deployments made while a budget was exhausted, and only those', async () => {
    const deps = testDeps();
    const deploy = (sha: string, finishedAt: string, environment = 'production') =>
      recordDeployment(
        deps,
        { service: 'payments', environment, sha, status: 'success', finishedAt, creator: 'dana' },
        { source: 'cli' },
      );
    await exhaustCheckoutBudget(deps);
    // 40.32 minutes of budget: exhausted from 10:40:19, free again when the outage leaves the window.
    await deploy('aaaa1111', '2026-11-01T10:30:00Z'); // before it was spent
    await deploy('bbbb2222', '2026-11-05T09:00:00Z'); // during the freeze
    await deploy('cccc3333', '2026-11-06T09:00:00Z', 'staging'); // not production
    deps.clock.set('2026-11-30T12:00:00Z');
    await deploy('dddd4444', '2026-11-30T11:00:00Z'); // after the outage left the 28-day window
    const [availability, latency] = await sloBudgets(deps, { service: 'payments' }, { viewer: 'alice' });
    expect(availability!.deployedDuringFreeze.map((item) => item.sha)).toEqual(['bbbb2222']);
    expect(availability!.deployedDuringFreeze[0]).toEqual({
      id: 'D-2',
      sha: 'bbbb2222',
      finishedAt: '2026-11-05T09:00:00.000Z',
      creator: 'dana',
    });
    // checkout-latency's budget (99 %, 403.2 minutes) was never exhausted.
    expect(latency!.deployedDuringFreeze).toEqual([]);
    const report = textOf(await run(deps, 'slo payments'));
    expect(report).toContain('Deployed to payments while its budget was exhausted:');
    expect(report).toMatch(/D-2 `?bbbb222`? by @dana/);
    expect(report).not.toContain('aaaa111');
    expect(report).not.toContain('dddd444');
  });

  it('takes its thresholds and words from the policy', async () => {
    const deps = testDeps({
      settings: {
        errorBudgetPolicy: {
          incidentShare: 0.5,
          freezeShare: 0.25,
          freezeWords: 'deploys need the SRE lead',
          incidentWords: 'review it on Thursday',
        },
      },
    });
    await run(deps, 'declare sev2 service:payments Checkout failing');
    await run(deps, 'impact INC-1 30%');
    deps.clock.advance('45m');
    const reply = textOf(await run(deps, 'resolve INC-1'));
    expect(reply).not.toContain('review it on Thursday');
    expect(reply).toContain('checkout-availability: budget exhausted, deploys need the SRE lead.');
  });

  it('counts private incidents, naming them only to those who may see them', async () => {
    const deps = testDeps();
    await run(deps, 'declare private sev2 service:payments Card data exposure', actor('sam'));
    await run(deps, 'impact INC-1 50%', actor('sam'));
    deps.clock.advance('10m');
    await run(deps, 'resolve INC-1', actor('sam'));
    const [outsider] = await sloBudgets(deps, { service: 'payments' }, { viewer: 'bob' });
    expect(outsider!.spentMinutes).toBeCloseTo(5, 10);
    expect(outsider!.incidents.map((item) => item.id)).toEqual(['private']);
    const [member] = await sloBudgets(deps, { service: 'payments' }, { viewer: 'sam' });
    expect(member!.incidents.map((item) => item.id)).toEqual(['INC-1']);
  });
});
