import { describe, expect, it } from 'vitest';
import { deploymentsWebhook } from '../../src/deployments/deployments-webhook.js';
import { silentLogger, testDeps } from '../support/harness.js';

const TOKEN = 'deploy-token-for-tests';

function setUp() {
  const deps = testDeps();
  deps.clock.set('2026-11-26T15:00:00Z');
  const endpoint = deploymentsWebhook({ token: TOKEN, deps, logger: silentLogger, unexpected: () => 'ref1' });
  const post = (body: unknown, authorization = `Bearer ${TOKEN}`) =>
    endpoint({
      headers: { authorization, 'content-type': 'application/json' },
      body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    });
  return { deps, post };
}

const GOOD = {
  id: 'argo-42',
  service: 'checkout',
  sha: 'ABC123DEF',
  finished_at: '2026-11-26T14:05:00+01:00',
  started_at: '2026-11-26T12:55:00Z',
  commits: [{ sha: 'abc123def', committed_at: '2026-11-26T11:05:00Z' }],
};

describe('POST /webhooks/deployments', () => {
  it('records a deployment, naming the service as its runbook does, production by default', async () => {
    const { deps, post } = setUp();
    const answer = await post(GOOD);
    expect(answer).toEqual({
      status: 201,
      body: { ok: true, outcome: 'recorded', deployment: 'D-1', service: 'payments', mapped: true },
    });
    expect((await deps.store.deployments({}))[0]).toMatchObject({
      key: 'id:argo-42',
      service: 'payments',
      environment: 'production',
      sha: 'abc123def',
      status: 'success',
      finishedAt: '2026-11-26T13:05:00.000Z',
      startedAt: '2026-11-26T12:55:00.000Z',
      source: 'webhook',
      changes: [{ sha: 'abc123def', committedAt: '2026-11-26T11:05:00.000Z' }],
    });
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    const { deps, post } = setUp();
    expect((await post(GOOD, '')).status).toBe(401);
    expect((await post(GOOD, 'Bearer nope')).status).toBe(401);
    expect((await post(GOOD, TOKEN)).status).toBe(401);
    expect(await deps.store.deployments({})).toEqual([]);
  });

  it.each([
    ['not json', '{', '(body)'],
    ['no service', { ...GOOD, service: undefined }, 'service'],
    ['a sha that is not hex', { ...GOOD, sha: 'main' }, 'sha'],
    ['a status it does not know', { ...GOOD, status: 'ok' }, 'status'],
    ['a time without an offset', { ...GOOD, finished_at: '2026-11-26T14:05:00' }, 'finished_at'],
    ['a start after the finish', { ...GOOD, started_at: '2026-11-26T16:00:00Z' }, 'started_at'],
    ['a commit without its time', { ...GOOD, commits: [{ sha: 'abc1' }] }, 'commits[0].committed_at'],
  ])('answers %s with a 400 that names the field', async (_case, body, field) => {
    const { deps, post } = setUp();
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ ok: false, field, error: expect.stringContaining(field) });
    expect(await deps.store.deployments({})).toEqual([]);
  });

  it('is idempotent on id, and on service + environment + sha without one', async () => {
    const { deps, post } = setUp();
    await post(GOOD);
    expect((await post({ ...GOOD, sha: 'fff000' })).body).toMatchObject({
      outcome: 'duplicate',
      deployment: 'D-1',
    });
    const { id: _id, ...noId } = GOOD;
    await post(noId);
    expect((await post(noId)).body).toMatchObject({ outcome: 'duplicate', deployment: 'D-2' });
    expect(await deps.store.deployments({})).toHaveLength(2);
  });

  it('records a failure as a failed attempt, and a service no runbook names as unmapped', async () => {
    const { deps, post } = setUp();
    await post({ ...GOOD, id: 'f1', status: 'failure' });
    await post({ ...GOOD, id: 'u1', service: 'ledger', environment: 'Staging' });
    expect(
      (await deps.store.deployments({})).map(({ service, mapped, status, environment }) => ({
        service,
        mapped,
        status,
        environment,
      })),
    ).toEqual([
      { service: 'ledger', mapped: false, status: 'success', environment: 'staging' },
      { service: 'payments', mapped: true, status: 'failure', environment: 'production' },
    ]);
  });
});
