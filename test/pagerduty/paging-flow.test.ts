import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../src/console/console-chat.js';
import { ConsoleDirectory } from '../../src/console/console-directory.js';
import { dedupKey } from '../../src/domain/pager.js';
import { SEVERITIES } from '../../src/domain/severity.js';
import { OutboxWorker } from '../../src/effects/outbox-worker.js';
import { IncidentEffects } from '../../src/effects/run-effect.js';
import { PagerDutyClient } from '../../src/pagerduty/pagerduty-client.js';
import { TemplateDocuments } from '../../src/postmortem/documents.js';
import type { Settings } from '../../src/usecases/context.js';
import { effectOutcomes } from '../../src/usecases/record-outcome.js';
import type { ReceivedEvent } from '../support/fake-pagerduty.js';
import { actor, incident, REPO, run, silentLogger, type TestDeps, testDeps } from '../support/harness.js';
import { eventProblems } from '../support/pagerduty-spec.js';
import { tempDir } from '../support/temp.js';

const EVENTS = 'https://events.pagerduty.com';
const ROUTING_KEY = 'key-pd_routing_payments'; // what testSettings() reads for PD_ROUTING_PAYMENTS

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** Accepts every event, keeping the bodies in order. */
function acceptEvents(): ReceivedEvent[] {
  const received: ReceivedEvent[] = [];
  nock(EVENTS)
    .persist()
    .post('/v2/enqueue', (body) => {
      received.push(body as ReceivedEvent);
      return true;
    })
    .reply(202, { status: 'success', message: 'Event processed' });
  return received;
}

/** Use cases and effects over the real PagerDuty client, with the console standing in for Slack. */
function setUp(settings: Partial<Settings> = {}) {
  nock('https://api.pagerduty.com')
    .persist()
    .get('/oncalls')
    .query(true)
    .reply(200, { oncalls: [], limit: 100, offset: 0, more: false, total: null });
  const deps: TestDeps = testDeps({
    settings: { channelUrl: (channel) => `https://slack.example/archives/${channel}`, ...settings },
  });
  deps.pager = new PagerDutyClient({
    token: 'pd-token',
    apiUrl: 'https://api.pagerduty.com',
    eventsUrl: EVENTS,
    clock: deps.clock,
    retryTimeoutMs: 5,
  });
  deps.directory = new ConsoleDirectory(() => 'UTC');
  const chat = new ConsoleChat({ write: () => {} }, () => ({ zone: 'UTC' }));
  const runner = new IncidentEffects({
    deps,
    chat,
    documents: new TemplateDocuments({
      templatesDir: path.join(REPO, 'templates'),
      postmortemsDir: tempDir(),
    }),
    logger: silentLogger,
    outcomes: effectOutcomes(deps),
  });
  const worker = new OutboxWorker({ store: deps.store, clock: deps.clock, runner, logger: silentLogger });
  return { deps, worker };
}

const inChannel = (id: string) => actor('alice', `inc-${id.slice(4)}-checkout-down`);

describe('paging from the incident lifecycle, through the real client', () => {
  it('maps each severity to an alert severity and pages with the incident, its details and its channel', async () => {
    const received = acceptEvents();
    const { deps, worker } = setUp({ pageSeverities: [...SEVERITIES] });
    for (const severity of ['sev1', 'sev2', 'sev3', 'sev4'])
      await run(deps, `declare ${severity} service:payments Checkout down`);
    await worker.drain();
    // Incidents page at once, in no set order.
    const severityOf = Object.fromEntries(
      received.map((event) => [event.payload?.custom_details?.incident, event.payload?.severity]),
    );
    expect(severityOf).toEqual({
      'INC-1': 'critical',
      'INC-2': 'error',
      'INC-3': 'warning',
      'INC-4': 'info',
    });
    for (const event of received) expect(eventProblems(event)).toEqual([]);
    const first = await incident(deps, 'INC-1');
    expect(received.find((event) => event.dedup_key === dedupKey(first))).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: dedupKey(first),
      payload: {
        summary: 'INC-1 Checkout down',
        source: 'firewatch',
        severity: 'critical',
        timestamp: first.milestones.declaredAt,
        custom_details: {
          incident: 'INC-1',
          severity: 'SEV1',
          status: 'investigating',
          service: 'payments',
          commander: 'alice',
          channel: '#inc-1-checkout-down',
        },
      },
      client: 'Firewatch',
      client_url: 'https://slack.example/archives/inc-1-checkout-down',
      links: [
        { href: 'https://slack.example/archives/inc-1-checkout-down', text: 'Slack: #inc-1-checkout-down' },
      ],
    });
    expect(first.page).toMatchObject({ dedupKey: dedupKey(first), service: 'payments' });
    expect((await deps.store.timeline('INC-1')).map((event) => event.kind)).toContain('paged');
  });

  it('resolves the page on resolve, and pages again with the same key on reopen', async () => {
    const received = acceptEvents();
    const { deps, worker } = setUp();
    await run(deps, 'declare sev1 service:payments Checkout down');
    await worker.drain();
    const key = dedupKey(await incident(deps));
    deps.clock.advance('20m');
    await run(deps, 'resolve Stripe is back', inChannel('INC-1'));
    await worker.drain();
    deps.clock.advance('5m');
    await run(deps, 'reopen Errors are back', inChannel('INC-1'));
    await worker.drain();
    expect(received.map((event) => [event.event_action, event.dedup_key])).toEqual([
      ['trigger', key],
      ['resolve', key],
      ['trigger', key],
    ]);
    expect(received[1]).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: key });
    expect(eventProblems(received[1])).toEqual([]);
    const kinds = (await deps.store.timeline('INC-1')).map((event) => event.kind);
    expect(kinds.filter((kind) => kind === 'paged')).toHaveLength(2);
    expect(kinds).toContain('page_resolved');
  });

  it('pages when the severity is raised into the paging set, once', async () => {
    const received = acceptEvents();
    const { deps, worker } = setUp();
    await run(deps, 'declare sev3 service:payments Checkout slow');
    await worker.drain();
    expect(received).toEqual([]);
    await run(deps, 'sev 2 Errors now', actor('alice', 'inc-1-checkout-slow'));
    await worker.drain();
    await run(deps, 'sev 1 Worse', actor('alice', 'inc-1-checkout-slow'));
    await worker.drain();
    expect(received.map((event) => [event.event_action, event.payload?.severity])).toEqual([
      ['trigger', 'error'],
    ]);
  });

  it('does not page a service without a routing key, and says so when the variable is missing', async () => {
    const received = acceptEvents();
    const { deps, worker } = setUp({ routingKey: () => undefined });
    await run(deps, 'declare sev1 service:payments Checkout down');
    await worker.drain();
    expect(received).toEqual([]);
    const failed = (await deps.store.timeline('INC-1')).find((event) => event.kind === 'page_failed');
    expect(failed).toMatchObject({
      error: 'PD_ROUTING_PAYMENTS is not set, so the payments routing key is unknown (gave up)',
    });
  });
});
