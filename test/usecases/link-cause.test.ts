import { describe, expect, it } from 'vitest';
import { messageToText } from '../../src/console/render-text.js';
import type { Deployment } from '../../src/domain/deployments.js';
import type { Incident } from '../../src/domain/incident.js';
import { incidentCard } from '../../src/messages/incident-card.js';
import { recordDeployment } from '../../src/usecases/record-deployment.js';
import { incident, run, testDeps, textOf } from '../support/harness.js';

async function setUp() {
  const deps = testDeps();
  deps.clock.set('2026-11-26T14:00:00Z');
  for (const [sha, at] of [
    ['abc12345', '2026-11-26T13:30:00Z'],
    ['abc19999', '2026-11-26T13:40:00Z'],
  ] as const)
    await recordDeployment(
      deps,
      {
        service: 'payments',
        environment: 'production',
        sha,
        status: 'success',
        finishedAt: at,
        creator: 'dana',
      },
      { source: 'cli' },
    );
  return deps;
}

describe('linking an incident to the deployment that caused it', () => {
  it('suggests the last production deployment of the service before impact, on declare', async () => {
    const deps = await setUp();
    const reply = textOf(await run(deps, 'declare service:payments Refunds failing'));
    expect(reply).toContain('payments was deployed 20m before impact: abc1999 by @dana — was it this?');
    expect(reply).toContain('/incident cause deploy:abc1999');
  });

  it('links by sha or id, puts it on the timeline, and removes it with cause none', async () => {
    const deps = await setUp();
    await run(deps, 'declare service:payments Refunds failing');
    expect(textOf(await run(deps, 'cause INC-1 deploy:abc12 pool size change'))).toContain(
      'INC-1 is linked to deployment D-1 of payments (abc1234): it counts as a failed deployment.',
    );
    expect((await incident(deps)).cause).toEqual({
      deploymentId: 'D-1',
      sha: 'abc12345',
      service: 'payments',
      finishedAt: '2026-11-26T13:30:00.000Z',
      note: 'pool size change',
    });
    await run(deps, 'cause INC-1 deploy:D-2');
    expect((await incident(deps)).cause?.deploymentId).toBe('D-2');
    const timeline = await deps.store.timeline('INC-1');
    expect(timeline.filter((event) => event.kind === 'cause_linked')).toHaveLength(2);
    expect(textOf(await run(deps, 'cause INC-1 none'))).toContain('no longer linked');
    expect((await incident(deps)).cause).toBeUndefined();
    await expect(run(deps, 'cause INC-1 none')).rejects.toMatchObject({
      code: 'NOTHING_TO_CHANGE',
      message: 'INC-1 is not linked to a deployment.',
    });
  });

  it('refuses a sha that names no deployment, or more than one, saying how to name one', async () => {
    const deps = await setUp();
    await run(deps, 'declare service:payments Refunds failing');
    await expect(run(deps, 'cause INC-1 deploy:ffff')).rejects.toMatchObject({
      code: 'DEPLOYMENT_NOT_FOUND',
      message: 'No deployment has the id or sha "ffff".',
    });
    await expect(run(deps, 'cause INC-1 deploy:abc1')).rejects.toMatchObject({
      code: 'DEPLOYMENT_NOT_FOUND',
      message: 'More than one deployment has a sha starting "abc1".',
    });
    await expect(run(deps, 'cause INC-1 something')).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('deploy:SHA'),
    });
    expect((await incident(deps)).cause).toBeUndefined();
  });

  it('lists recent deployments with who, when, and the incidents each caused', async () => {
    const deps = await setUp();
    await run(deps, 'declare service:payments Refunds failing');
    await run(deps, 'cause INC-1 deploy:D-2');
    const listed = textOf(await run(deps, 'deploys payments 1d'));
    expect(listed).toMatch(/D-2 payments .*abc1999.* to production by @dana.*caused INC-1/);
    expect(listed).toMatch(/D-1 payments .*abc1234.* to production by @dana/);
    expect(textOf(await run(deps, 'deploys database'))).toContain('No deployments of database');
    await expect(run(deps, 'deploys nosuch')).rejects.toMatchObject({ code: 'UNKNOWN_SERVICE' });
  });
});

describe('the incident card', () => {
  it('shows the linked change: the deployment, what it shipped and its authors’ handles', async () => {
    const deps = await setUp();
    await recordDeployment(
      deps,
      {
        service: 'payments',
        environment: 'production',
        sha: 'def45678',
        status: 'success',
        finishedAt: '2026-11-26T13:50:00Z',
        changes: [
          { sha: 'aaaa1111', committedAt: '2026-11-26T10:00:00Z', author: 'dana' },
          { sha: 'bbbb2222', committedAt: '2026-11-26T11:00:00Z', author: 'eve' },
          { sha: 'def45678', committedAt: '2026-11-26T12:00:00Z', author: 'dana' },
        ],
      },
      { source: 'cli' },
    );
    await run(deps, 'declare service:payments Refunds failing');
    const card = (current: Incident, cause?: Deployment) =>
      messageToText(incidentCard(current, { now: '2026-11-26T14:05:00.000Z', ...(cause ? { cause } : {}) }), {
        zone: 'UTC',
      }).join('\n');
    expect(card(await incident(deps))).not.toContain('Linked change');
    await run(deps, 'cause INC-1 deploy:def4 connection pool resized');
    const [deployment] = await deps.store.deployments({ ref: 'D-3' });
    expect(card(await incident(deps), deployment)).toContain(
      'Linked change  deployment D-3 of payments (def4567), finished 2026-11-26 13:50 UTC · 3 changes by @dana, @eve · connection pool resized',
    );
    // Rendered before the deployment is read back, it still names the deployment.
    expect(card(await incident(deps))).toMatch(
      /Linked change +deployment D-3 of payments \(def4567\), finished 2026-11-26 13:50 UTC · connection pool resized\n/,
    );
  });
});
