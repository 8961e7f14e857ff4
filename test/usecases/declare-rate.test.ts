import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/runbooks/catalog.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { handlePagerDutyEvent } from '../../src/usecases/pagerduty-webhook.js';
import { ManualClock } from '../support/clock.js';
import { actor, run, testDeps } from '../support/harness.js';
import { embeddedPostgres, startEmbeddedPostgres } from '../support/postgres.js';
import { runbooksWithAutoDeclare } from '../support/runbooks.js';

const limit = { count: 3, windowMs: 60_000 };

beforeAll(() => startEmbeddedPostgres(), 180_000);

describe('DECLARE_RATE_LIMIT', () => {
  it('refuses a person’s declaration over the limit with words that say when to try again, and counts each person apart', async () => {
    const deps = testDeps({
      settings: { declareRateLimit: limit },
      clock: new ManualClock('2026-11-26T14:00:10Z'),
    });
    for (let n = 1; n <= 3; n++) await run(deps, `declare sev3 Burst ${n}`);
    await expect(run(deps, 'declare sev3 Burst 4')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message:
        'You have reached the limit of 3 declarations per 1m (DECLARE_RATE_LIMIT); nothing was declared.',
      hint: expect.stringMatching(/^Try again in 50s\. If these are one problem/),
    });
    expect(await deps.store.nextIncidentNumber()).toBe(4);
    await run(deps, 'declare sev3 Someone else', actor('bob'));
    deps.clock.advance('1m');
    await run(deps, 'declare sev3 Burst 4');
    expect(await deps.store.nextIncidentNumber()).toBe(6);
  });

  it('limits each PagerDuty service declaring by itself, answering the webhook without declaring', async () => {
    const deps = testDeps({
      settings: { declareRateLimit: limit },
      catalog: loadCatalog(runbooksWithAutoDeclare()).catalog,
      pager: {
        trigger: async () => {},
        resolve: async () => {},
        onCall: async () => ({ now: [], next: [] }),
      },
    });
    const outcomes = [];
    for (let n = 1; n <= 5; n++)
      outcomes.push(
        await handlePagerDutyEvent(deps, {
          deliveryId: `delivery-${n}`,
          eventId: `event-${n}`,
          type: 'incident.triggered',
          incident: {
            id: `PD${n}`,
            number: n,
            title: `Alert ${n}`,
            serviceId: 'PSEARCH',
            urgency: 'high',
            assignees: [],
          },
        }),
      );
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual([
      'declared',
      'declared',
      'declared',
      'refused',
      'refused',
    ]);
    expect(outcomes[3]).toMatchObject({
      reason: expect.stringContaining("PagerDuty's service search has reached the limit"),
    });
    // The person who declares meanwhile is not held back by the integration.
    await run(deps, 'declare sev2 Search is down for me');
  });

  it('holds across replicas sharing one database: the count is kept in the store', async () => {
    const pool = await embeddedPostgres();
    const clock = new ManualClock('2026-11-26T14:00:00Z');
    const replicas = [
      testDeps({ store: await PostgresStore.open(pool), clock, settings: { declareRateLimit: limit } }),
      testDeps({ store: await PostgresStore.open(pool), clock, settings: { declareRateLimit: limit } }),
    ];
    const answers = await Promise.allSettled(
      Array.from({ length: 8 }, (_, n) => run(replicas[n % 2]!, `declare sev3 Burst ${n}`)),
    );
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(3);
    for (const answer of answers)
      if (answer.status === 'rejected') expect(answer.reason).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await replicas[0]!.store.nextIncidentNumber()).toBe(4);
  });
});
