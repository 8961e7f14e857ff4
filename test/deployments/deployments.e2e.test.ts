import { afterEach, describe, expect, it } from 'vitest';
import { githubSignatureOf } from '../../src/deployments/github-signature.js';
import { ManualClock } from '../support/clock.js';
import { type Firewatch, startFirewatch } from '../support/slack-harness.js';
import { deploymentStatusPayload, pushPayload } from './github-payloads.js';

const GITHUB_SECRET = 'github-secret-e2e';
const DEPLOY_TOKEN = 'deploy-token-e2e';

let firewatch: Firewatch | undefined;
afterEach(async () => {
  await firewatch?.stop();
  firewatch = undefined;
});

async function post(path: string, body: unknown, headers: Record<string, string>) {
  const text = JSON.stringify(body);
  const response = await fetch(`http://127.0.0.1:${firewatch!.server.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function github(event: string, payload: unknown, delivery: string, secret = GITHUB_SECRET) {
  return post('/webhooks/github', payload, {
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-hub-signature-256': githubSignatureOf(JSON.stringify(payload), secret),
  });
}

describe('deployments end to end: the server as main() starts it', () => {
  it('takes signed GitHub webhooks and generic deployments, suggests the cause on declare, and reports the four keys', async () => {
    const clock = new ManualClock('2026-11-26T14:42:00.000Z');
    firewatch = await startFirewatch({
      clock,
      env: { GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, DEPLOY_WEBHOOK_TOKEN: DEPLOY_TOKEN },
    });

    expect(await github('ping', { zen: 'Design for failure.' }, 'g0')).toEqual({
      status: 200,
      body: { ok: true, outcome: 'pong' },
    });
    expect((await github('push', pushPayload(), 'g1', 'not the secret')).status).toBe(401);
    expect((await github('push', pushPayload(), 'g1')).body).toMatchObject({
      outcome: 'recorded',
      commits: 2,
    });
    // D-1 at 14:30 by dana: its two changes were committed at 12:00 and 13:15.
    expect((await github('deployment_status', deploymentStatusPayload('success'), 'g2')).body).toMatchObject({
      outcome: 'recorded',
      deployment: 'D-1',
      service: 'payments',
    });
    expect((await github('deployment_status', deploymentStatusPayload('success'), 'g2')).body).toMatchObject({
      outcome: 'duplicate',
    });
    // D-2 from a pipeline, a day earlier, with one change of 60 minutes.
    const auth = { authorization: `Bearer ${DEPLOY_TOKEN}` };
    const generic = await post(
      '/webhooks/deployments',
      {
        service: 'payments',
        sha: 'feed0001',
        finished_at: '2026-11-25T10:00:00Z',
        commits: [{ sha: 'feed0001', committed_at: '2026-11-25T09:00:00Z' }],
      },
      auth,
    );
    expect(generic).toEqual({
      status: 201,
      body: { ok: true, outcome: 'recorded', deployment: 'D-2', service: 'payments', mapped: true },
    });
    expect((await post('/webhooks/deployments', { service: 'payments' }, auth)).body).toMatchObject({
      field: 'sha',
    });

    // Declared (so impact began) at 14:42, 12 minutes after D-1.
    const declared = await firewatch.answer('declare sev3 service:payments Card payments failing');
    expect(declared.text + JSON.stringify(declared.blocks)).toMatch(/deployed 12m before impact: b2c4e6a/);
    const linked = await firewatch.answer('cause INC-1 deploy:b2c4e6a the retry change');
    expect(JSON.stringify(linked)).toContain('linked to deployment D-1');
    clock.set('2026-11-26T15:42:00.000Z');
    await firewatch.command('resolve INC-1 Rolled back');

    const dora = JSON.stringify(await firewatch.answer('dora 30d'));
    // 2 deployments, 1 caused an incident: 50%. Recovery: 15:42 − 14:42 = 60 minutes.
    expect(dora).toContain('50% (1 of 2 caused an incident)');
    expect(dora).toContain('median 1h');
    await firewatch.settle();
  }, 60_000);
});
