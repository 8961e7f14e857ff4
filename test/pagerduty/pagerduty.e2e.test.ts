import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { dedupKey } from '../../src/domain/pager.js';
import { addMillis } from '../../src/domain/time.js';
import { DEFAULT_RETRY_POLICY } from '../../src/effects/outbox-worker.js';
import { signatureOf } from '../../src/pagerduty/webhook-signature.js';
import { ManualClock } from '../support/clock.js';
import { deliverWebhook, FakePagerDuty, webhookBody } from '../support/fake-pagerduty.js';
import { FakeSlack } from '../support/fake-slack.js';
import { type Firewatch, startFirewatch } from '../support/slack-harness.js';

const NOW = '2026-11-26T14:00:00.000Z';
const WEBHOOK_SECRET = 'pd-webhook-secret-for-tests';
const ROUTING_KEY = 'R0UT1NGK3YPAYMENTS00000000000001';

let firewatch: Firewatch | undefined;
let slack: FakeSlack | undefined;
let pagerduty: FakePagerDuty | undefined;
afterEach(async () => {
  await firewatch?.stop();
  await slack?.stop();
  await pagerduty?.stop();
  firewatch = slack = pagerduty = undefined;
});

async function start(
  options: { clock?: ManualClock; logs?: NodeJS.WritableStream; env?: Record<string, string> } = {},
) {
  pagerduty = new FakePagerDuty();
  await pagerduty.start();
  pagerduty.setOnCall('PPAYESC', [
    {
      user: { id: 'PANA', name: 'Ana Lima', email: 'ana@example.com' },
      level: 1,
      schedule: 'Payments primary',
      start: '2026-11-26T09:00:00Z',
      end: '2026-11-27T09:00:00Z',
    },
    {
      user: { id: 'PBEN', name: 'Ben Ito', email: 'ben@example.com' },
      level: 1,
      schedule: 'Payments primary',
      start: '2026-11-27T09:00:00Z',
      end: '2026-11-28T09:00:00Z',
    },
    { user: { id: 'PLEAD', name: 'Lee Lead', email: 'lee@example.com' }, level: 2, start: null, end: null },
  ]);
  slack = new FakeSlack();
  await slack.start();
  slack.addUser({ id: 'UANA', name: 'Ana Lima', email: 'ana@example.com' });
  slack.addUser({ id: 'UBEN', name: 'Ben Ito', email: 'ben@example.com' });
  const clock = options.clock ?? new ManualClock(NOW);
  firewatch = await startFirewatch({
    slack,
    clock,
    // The test moves the clock on in big steps, so it keeps the production retry policy.
    retry: DEFAULT_RETRY_POLICY,
    leaseMs: 24 * 60 * 60_000,
    ...(options.logs ? { logs: options.logs } : {}),
    env: {
      PAGERDUTY_TOKEN: pagerduty.token,
      PAGERDUTY_API_URL: pagerduty.url,
      PAGERDUTY_EVENTS_URL: pagerduty.url,
      PAGERDUTY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // The variable the payments runbook names (routing_key_env), read once at start.
      PD_ROUTING_PAYMENTS: ROUTING_KEY,
      ...options.env,
    },
  });
  return {
    firewatch,
    slack,
    pagerduty,
    clock,
    webhookUrl: `http://127.0.0.1:${firewatch.server.port}/webhooks/pagerduty`,
  };
}

/** Lets the outbox work, moving the clock on so that retries and waits come due, until `done`. */
async function advanceUntil(
  clock: ManualClock,
  done: () => boolean | Promise<boolean>,
  step = '5s',
): Promise<void> {
  for (let round = 0; round < 400; round++) {
    if (await done()) return;
    clock.advance(step);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the expected state never came');
}

async function settled(running: Firewatch): Promise<boolean> {
  return (await running.server.core.store.outboxStats()).pending === 0;
}

async function kinds(running: Firewatch, id = 'INC-1'): Promise<string[]> {
  return (await running.server.core.store.timeline(id)).map((event) => event.kind);
}

describe('PagerDuty, end to end against a local fake PagerDuty and a fake Slack', () => {
  it('pages and invites the on-call when a SEV1 is declared, says who is on call, and resolves the page', async () => {
    const { firewatch, slack, pagerduty, clock } = await start();
    const declared = await firewatch.command('declare sev1 service:payments Card payments down');
    expect((declared.json() as { blocks: unknown[] }).blocks).toBeDefined();
    expect(JSON.stringify(declared.json())).toContain('Paging the payments on-call through PagerDuty.');
    await advanceUntil(
      clock,
      async () => pagerduty.eventsOf('trigger').length === 1 && (await settled(firewatch)),
    );

    const incident = (await firewatch.server.core.store.load('INC-1'))!.incident;
    const channel = slack.channelNamed('inc-1-card-payments-down')!;
    const [trigger] = pagerduty.eventsOf('trigger');
    expect(trigger).toMatchObject({
      routing_key: ROUTING_KEY,
      dedup_key: dedupKey(incident),
      payload: { summary: 'INC-1 Card payments down', severity: 'critical', source: 'firewatch' },
    });
    expect(trigger!.links![0]!.href).toContain(`channel=${channel.id}`);
    expect(incident.page).toMatchObject({ dedupKey: dedupKey(incident), service: 'payments' });

    // Ana is on call now at the first level; Ben is next, Lee a level up: only Ana is invited.
    expect([...channel.members].sort()).toEqual(['UALICE', 'UANA', 'UBOT']);
    expect(JSON.stringify(channel.messages[0]!.blocks)).toContain('On call');
    expect(JSON.stringify(channel.messages[0]!.blocks)).toContain('<@UANA>');
    expect(await kinds(firewatch)).toEqual(
      expect.arrayContaining(['declared', 'paged', 'participant_added']),
    );

    const oncall = JSON.stringify(await firewatch.answer('oncall payments'));
    expect(oncall).toContain('<@UANA>');
    expect(oncall).toContain('next: <@UBEN> from <!date^');
    expect(oncall).toContain('Lee Lead (level 2)');

    const inChannel = { channel: channel.id, channelName: channel.name };
    await firewatch.command('resolve Stripe is back', inChannel);
    await advanceUntil(
      clock,
      async () => pagerduty.eventsOf('resolve').length === 1 && (await settled(firewatch)),
    );
    expect(pagerduty.eventsOf('resolve')).toEqual([
      { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: dedupKey(incident) },
    ]);
    expect(await kinds(firewatch)).toContain('page_resolved');
    expect(pagerduty.problems).toEqual([]);
    expect(slack.problems).toEqual([]);
  });

  it('delivers the page exactly once after PagerDuty recovers, telling the channel while it fails', async () => {
    const { firewatch, slack, pagerduty, clock } = await start();
    pagerduty.fail('events', { status: 503 }, 3);
    const declared = await firewatch.command('declare sev1 service:payments Checkout down');
    expect(declared.status).toBe(200); // the declaration never waits for PagerDuty
    expect(await firewatch.server.core.store.load('INC-1')).toBeDefined();

    await advanceUntil(clock, async () => (await kinds(firewatch)).includes('page_failed'));
    const failed = (await firewatch.server.core.store.timeline('INC-1')).find(
      (event) => event.kind === 'page_failed',
    );
    expect(failed).toMatchObject({ error: expect.stringContaining('(503)') });
    expect(failed).toMatchObject({ error: expect.stringContaining('still retrying') });
    const channel = slack.channelNamed('inc-1-checkout-down')!;
    await advanceUntil(clock, () =>
      channel.messages.some((message) => message.text.includes('Paging failed')),
    );

    await advanceUntil(
      clock,
      async () => pagerduty.eventsOf('trigger').length === 1 && (await settled(firewatch)),
    );
    // Ten more minutes of outbox: nothing pages twice.
    for (let round = 0; round < 20; round++) {
      clock.advance('30s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(pagerduty.requestsTo('/v2/enqueue')).toBe(4);
    expect(pagerduty.eventsOf('trigger')).toHaveLength(1);
    expect((await kinds(firewatch)).filter((kind) => kind === 'paged')).toHaveLength(1);
    expect(pagerduty.problems).toEqual([]);
  });

  it('takes a signed acknowledgement into the timeline and TTA, and refuses a bad signature without writing', async () => {
    const { firewatch, slack, pagerduty, clock, webhookUrl } = await start();
    await firewatch.command('declare sev1 service:payments Checkout down');
    await advanceUntil(
      clock,
      async () => pagerduty.eventsOf('trigger').length === 1 && (await settled(firewatch)),
    );
    const store = firewatch.server.core.store;
    const before = (await store.load('INC-1'))!;
    const ackAt = addMillis(before.incident.milestones.declaredAt, 90_000);
    clock.advance('3m');
    const body = webhookBody(
      'incident.acknowledged',
      {
        id: 'PDINC41',
        number: 41,
        title: 'INC-1 Checkout down',
        incidentKey: dedupKey(before.incident),
        serviceId: 'PPAYMNT',
        assignees: ['Ana Lima'],
      },
      { occurredAt: ackAt, agent: 'Ana Lima' },
    );

    const forged = await deliverWebhook(webhookUrl, body, {
      signature: signatureOf(body, 'not-the-secret'),
      webhookId: 'W1',
    });
    const unsigned = await deliverWebhook(webhookUrl, body, { webhookId: 'W1' });
    const tampered = await deliverWebhook(webhookUrl, body.replace('Ana Lima', 'Eve'), {
      signature: signatureOf(body, WEBHOOK_SECRET),
      webhookId: 'W1',
    });
    expect([forged.status, unsigned.status, tampered.status]).toEqual([401, 401, 401]);
    const untouched = (await store.load('INC-1'))!;
    expect(untouched.version).toBe(before.version);
    expect(untouched.incident.milestones.acknowledgedAt).toBeUndefined();
    expect(await store.outboxStats()).toMatchObject({ pending: 0 });

    // The refused attempts did not use up the delivery id: the genuine one goes through.
    const genuine = await deliverWebhook(webhookUrl, body, { secret: WEBHOOK_SECRET, webhookId: 'W1' });
    expect(genuine).toEqual({ status: 200, json: { ok: true, outcome: 'recorded', incident: 'INC-1' } });
    const redelivered = await deliverWebhook(webhookUrl, body, { secret: WEBHOOK_SECRET, webhookId: 'W1' });
    expect(redelivered).toEqual({ status: 200, json: { ok: true, outcome: 'duplicate' } });

    const acknowledged = (await store.load('INC-1'))!.incident;
    expect(acknowledged.milestones.acknowledgedAt).toBe(ackAt);
    expect(acknowledged.page?.pagerdutyIncidentId).toBe('PDINC41');
    const entries = (await store.timeline('INC-1')).filter((event) => event.kind === 'pagerduty');
    expect(entries).toMatchObject([
      { event: 'acknowledged', summary: 'incident #41 acknowledged by Ana Lima', at: ackAt },
    ]);
    const channel = slack.channelNamed('inc-1-checkout-down')!;
    await advanceUntil(clock, () =>
      channel.messages.some((message) => message.text.includes('acknowledged by Ana Lima')),
    );
    expect(slack.problems).toEqual([]);

    // Other webhooks (a ping, a service change) are answered and left alone.
    const ping = JSON.stringify({
      event: { id: 'P1', event_type: 'pagey.ping', resource_type: 'pagey', data: {} },
    });
    expect(await deliverWebhook(webhookUrl, ping, { secret: WEBHOOK_SECRET, webhookId: 'W2' })).toMatchObject(
      {
        status: 200,
        json: { ok: true, outcome: 'ignored' },
      },
    );
  });

  it('never writes the PagerDuty token, the webhook secret or a routing key to the logs', async () => {
    const logs = new PassThrough();
    const lines: string[] = [];
    logs.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    const { firewatch, pagerduty, clock, webhookUrl } = await start({ logs });
    pagerduty.fail('events', { status: 503 }, 2);
    pagerduty.fail('oncalls', { status: 502, html: true }, 2);
    await firewatch.command('declare sev1 service:payments Checkout down');
    await advanceUntil(
      clock,
      async () => pagerduty.eventsOf('trigger').length === 1 && (await settled(firewatch)),
    );
    await deliverWebhook(webhookUrl, '{"event":{}}', { signature: 'v1=00', webhookId: 'W9' });
    await deliverWebhook(webhookUrl, 'not json', { secret: WEBHOOK_SECRET });
    firewatch.server.logger.info({ config: { pagerduty: { token: pagerduty.token } } }, 'configuration');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const all = lines.join('');
    expect(all).toContain('outbox: effect failed; will retry'); // the failures were logged…
    expect(all).toContain('X-PagerDuty-Signature');
    expect(all).toContain('[redacted]');
    expect(all).not.toContain(pagerduty.token); // …without the secrets
    expect(all).not.toContain(WEBHOOK_SECRET);
    expect(all).not.toContain(ROUTING_KEY);
  });

  it('says plainly that PagerDuty is not configured without a token or a webhook secret', async () => {
    slack = new FakeSlack();
    await slack.start();
    firewatch = await startFirewatch({ slack });
    const declared = JSON.stringify(
      (await firewatch.command('declare sev1 service:payments Checkout down')).json(),
    );
    expect(declared).toContain('Nobody was paged: PagerDuty is not configured (set PAGERDUTY_TOKEN).');
    const oncall = JSON.stringify((await firewatch.command('oncall')).json());
    expect(oncall).toContain('PagerDuty is not configured');
    const webhook = await deliverWebhook(
      `http://127.0.0.1:${firewatch.server.port}/webhooks/pagerduty`,
      '{}',
      {
        secret: 'anything',
      },
    );
    expect(webhook.status).toBe(404);
    expect(JSON.stringify(webhook.json)).toContain('set PAGERDUTY_WEBHOOK_SECRET');
    await firewatch.settle();
    expect(await kinds(firewatch)).toEqual(['declared']);
  });
});
