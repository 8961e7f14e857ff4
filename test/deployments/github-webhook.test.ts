import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubSignatureOf, verifyGithubSignature } from '../../src/deployments/github-signature.js';
import { githubWebhook } from '../../src/deployments/github-webhook.js';
import { REPO, silentLogger, testDeps } from '../support/harness.js';
import { deploymentStatusPayload, pushPayload } from './github-payloads.js';

const SECRET = 'github-secret-for-tests';

function setUp() {
  const deps = testDeps();
  deps.clock.set('2026-11-26T15:00:00Z');
  const refs: string[] = [];
  const endpoint = githubWebhook({
    secret: SECRET,
    deps,
    logger: silentLogger,
    unexpected: () => {
      refs.push('ref1');
      return 'ref1';
    },
  });
  const deliver = (event: string, payload: unknown, delivery: string, secret = SECRET) => {
    const body = Buffer.from(JSON.stringify(payload));
    return endpoint({
      headers: {
        'x-github-event': event,
        'x-github-delivery': delivery,
        'x-hub-signature-256': githubSignatureOf(body, secret),
        'content-type': 'application/json',
      },
      body,
    });
  };
  return { deps, deliver, endpoint, refs };
}

describe('X-Hub-Signature-256', () => {
  const vector = JSON.parse(
    fs.readFileSync(path.join(REPO, 'test/fixtures/github/signature-test-vector.json'), 'utf8'),
  ) as { secret: string; payload: string; 'x-hub-signature-256': string };

  it("gives GitHub's documented test signature", () => {
    expect(githubSignatureOf(vector.payload, vector.secret)).toBe(vector['x-hub-signature-256']);
    expect(
      verifyGithubSignature(Buffer.from(vector.payload), vector['x-hub-signature-256'], vector.secret),
    ).toBe(true);
  });

  it('refuses another secret, another body, a missing or malformed header', () => {
    const body = Buffer.from(vector.payload);
    expect(verifyGithubSignature(body, vector['x-hub-signature-256'], 'not it')).toBe(false);
    expect(
      verifyGithubSignature(Buffer.from('Hello, World?'), vector['x-hub-signature-256'], vector.secret),
    ).toBe(false);
    expect(verifyGithubSignature(body, undefined, vector.secret)).toBe(false);
    expect(verifyGithubSignature(body, 'sha1=757107ea', vector.secret)).toBe(false);
  });
});

describe('POST /webhooks/github', () => {
  it('answers ping with 200', async () => {
    const { deliver } = setUp();
    const answer = await deliver('ping', { zen: 'Keep it logically awesome.', hook_id: 1 }, 'p1');
    expect(answer).toEqual({ status: 200, body: { ok: true, outcome: 'pong' } });
  });

  it('refuses a bad signature with 401 and records nothing', async () => {
    const { deps, deliver } = setUp();
    const answer = await deliver('deployment_status', deploymentStatusPayload('success'), 'd1', 'wrong');
    expect(answer.status).toBe(401);
    expect(await deps.store.deployments({})).toEqual([]);
  });

  it('records a successful deployment_status as a deployment of the service its repository maps to', async () => {
    const { deps, deliver } = setUp();
    await deliver('push', pushPayload(), 'push-1');
    const answer = await deliver('deployment_status', deploymentStatusPayload('success'), 'd1');
    expect(answer).toEqual({
      status: 200,
      body: { ok: true, outcome: 'recorded', deployment: 'D-1', service: 'payments', mapped: true },
    });
    const [deployment] = await deps.store.deployments({});
    expect(deployment).toMatchObject({
      service: 'payments',
      repository: 'acme/payments-api',
      environment: 'production',
      sha: 'b2c4e6a8d0f1b2c4e6a8d0f1b2c4e6a8d0f1b2c4',
      status: 'success',
      finishedAt: '2026-11-26T14:30:00.000Z',
      startedAt: '2026-11-26T14:20:00.000Z',
      creator: 'dana',
      source: 'github',
      // The push's commits up to and including the deployed sha, in push order.
      changes: [
        {
          sha: 'a1b3c5e7f9a1b3c5e7f9a1b3c5e7f9a1b3c5e7f9',
          committedAt: '2026-11-26T12:00:00.000Z',
          author: 'dana',
        },
        {
          sha: 'b2c4e6a8d0f1b2c4e6a8d0f1b2c4e6a8d0f1b2c4',
          committedAt: '2026-11-26T13:15:00.000Z',
          author: 'eli',
        },
      ],
    });
  });

  it('records failure and error as failed attempts, not deployments; ignores other states', async () => {
    const { deps, deliver } = setUp();
    await deliver('deployment_status', deploymentStatusPayload('failure'), 'd1');
    await deliver('deployment_status', deploymentStatusPayload('error', { deploymentId: 9 }), 'd2');
    const pending = await deliver('deployment_status', deploymentStatusPayload('in_progress'), 'd3');
    expect(pending.body).toMatchObject({ outcome: 'ignored' });
    expect((await deps.store.deployments({})).map((d) => d.status)).toEqual(['failure', 'failure']);
    expect(await deps.store.deployments({ status: 'success' })).toEqual([]);
  });

  it('records a redelivery (same X-GitHub-Delivery) once', async () => {
    const { deps, deliver } = setUp();
    await deliver('deployment_status', deploymentStatusPayload('success'), 'same');
    const again = await deliver(
      'deployment_status',
      deploymentStatusPayload('success', { deploymentId: 99 }),
      'same',
    );
    expect(again.body).toMatchObject({ outcome: 'duplicate' });
    const push = await deliver('push', pushPayload(), 'push-1');
    const pushAgain = await deliver('push', pushPayload(), 'push-1');
    expect([push.body, pushAgain.body]).toEqual([
      { ok: true, outcome: 'recorded', commits: 2 },
      { ok: true, outcome: 'duplicate' },
    ]);
    expect(await deps.store.deployments({})).toHaveLength(1);
  });

  it('records a repository no runbook lists under its own name, unmapped', async () => {
    const { deps, deliver } = setUp();
    await deliver(
      'deployment_status',
      deploymentStatusPayload('success', { repository: 'acme/Web-Shop' }),
      'd1',
    );
    expect((await deps.store.deployments({}))[0]).toMatchObject({ service: 'acme/web-shop', mapped: false });
  });

  it('says what is missing from a signed body it cannot use', async () => {
    const { deliver } = setUp();
    const answer = await deliver('deployment_status', { action: 'created' }, 'd1');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: expect.stringContaining('deployment_status') });
  });
});
