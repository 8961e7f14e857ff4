import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/pager.js';
import { EffectError } from '../../src/effects/effect-error.js';
import { PagerDutyClient, type PagerDutyClientOptions } from '../../src/pagerduty/pagerduty-client.js';
import { ManualClock } from '../support/clock.js';
import { eventProblems, onCallsQueryProblems, onCallsResponseProblems } from '../support/pagerduty-spec.js';

const TOKEN = 'pd-secret-token-123';
const API = 'https://api.pagerduty.com';
const EVENTS = 'https://events.pagerduty.com';
const NOW = '2026-11-26T14:00:00.000Z';
const IN_30_DAYS = '2026-12-26T14:00:00.000Z';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

function client(options: Partial<PagerDutyClientOptions> = {}): PagerDutyClient {
  return new PagerDutyClient({
    token: TOKEN,
    apiUrl: API,
    eventsUrl: EVENTS,
    clock: new ManualClock(NOW),
    // pdjs waits 20 s before each of its three 429 retries unless told otherwise.
    retryTimeoutMs: 5,
    ...options,
  });
}

const alert: Alert = {
  routingKey: 'R0UT1NGK3Y0000000000000000000001',
  dedupKey: 'firewatch/INC-7/20261126T140000Z',
  summary: 'INC-7 Card payments timing out',
  severity: 'critical',
  source: 'firewatch',
  timestamp: NOW,
  customDetails: { incident: 'INC-7', severity: 'SEV1', service: 'payments' },
  links: [{ href: 'https://example.slack.com/app_redirect?channel=C7', text: 'Slack: #inc-7-card-payments' }],
};

/** Catches what the client throws, failing the test if it throws nothing. */
async function failure(work: Promise<unknown>): Promise<EffectError> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(EffectError);
  return outcome as EffectError;
}

describe('paging through the Events API v2', () => {
  it('sends a trigger that PagerDuty’s schema accepts', async () => {
    let sent: unknown;
    let headers: Record<string, unknown> = {};
    nock(EVENTS)
      .post('/v2/enqueue', (body) => {
        sent = body;
        return true;
      })
      .reply(function () {
        headers = this.req.headers;
        return [202, { status: 'success', message: 'Event processed', dedup_key: alert.dedupKey }];
      });
    await client().trigger(alert);
    expect(sent).toEqual({
      routing_key: alert.routingKey,
      event_action: 'trigger',
      dedup_key: alert.dedupKey,
      payload: {
        summary: 'INC-7 Card payments timing out',
        source: 'firewatch',
        severity: 'critical',
        timestamp: NOW,
        custom_details: { incident: 'INC-7', severity: 'SEV1', service: 'payments' },
      },
      client: 'Firewatch',
      client_url: 'https://example.slack.com/app_redirect?channel=C7',
      links: alert.links,
    });
    expect(eventProblems(sent)).toEqual([]);
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    // The routing key authenticates an event; the REST token must not travel with it.
    expect(JSON.stringify(headers)).not.toContain(TOKEN);
  });

  it('keeps the summary within 1024 characters without splitting an emoji', async () => {
    let sent: { payload: { summary: string } } | undefined;
    nock(EVENTS)
      .post('/v2/enqueue', (body) => {
        sent = body;
        return true;
      })
      .reply(202, { status: 'success' });
    await client().trigger({ ...alert, summary: `${'x'.repeat(1023)}🔥 and more` });
    expect(sent!.payload.summary).toBe('x'.repeat(1023));
    expect(eventProblems(sent)).toEqual([]);
  });

  it('resolves with the same routing and dedup keys, and nothing else', async () => {
    let sent: unknown;
    nock(EVENTS)
      .post('/v2/enqueue', (body) => {
        sent = body;
        return true;
      })
      .reply(202, { status: 'success', message: 'Event processed', dedup_key: alert.dedupKey });
    await client().resolve(alert.routingKey, alert.dedupKey);
    expect(sent).toEqual({
      routing_key: alert.routingKey,
      event_action: 'resolve',
      dedup_key: alert.dedupKey,
    });
    expect(eventProblems(sent)).toEqual([]);
  });

  it('uses other regions and local servers, http included', async () => {
    nock('https://events.eu.pagerduty.com').post('/v2/enqueue').reply(202, { status: 'success' });
    await client({ eventsUrl: 'https://events.eu.pagerduty.com/' }).trigger(alert);
    nock('http://pd.internal:8080').post('/proxy/v2/enqueue').reply(202, { status: 'success' });
    await client({ eventsUrl: 'http://pd.internal:8080/proxy' }).resolve('key', 'dedup');
  });
});

describe('failures, as the outbox needs them', () => {
  it('retries a rate limit after pdjs’s own retries, as late as ratelimit-reset says', async () => {
    const scope = nock(EVENTS).post('/v2/enqueue').times(4).reply(
      429,
      { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' },
      {
        'ratelimit-reset': '20',
      },
    );
    const error = await failure(client().trigger(alert));
    expect(scope.isDone()).toBe(true); // one request and pdjs's three retries
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 20_000 });
    expect(error.message).toContain('rate-limiting the page (429)');
    expect(error.message).toContain('arriving too quickly');
  });

  it('honours Retry-After on a 429 and on a 503', async () => {
    nock(EVENTS).post('/v2/enqueue').times(4).reply(429, { status: 'throttle' }, { 'Retry-After': '7' });
    expect(await failure(client().trigger(alert))).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
    nock(EVENTS)
      .post('/v2/enqueue')
      .reply(503, { status: 'unavailable', message: 'Try later' }, { 'Retry-After': '3' });
    expect(await failure(client().trigger(alert))).toMatchObject({ retryable: true, retryAfterMs: 3_000 });
  });

  it('retries 5xx, with a JSON body or an HTML one', async () => {
    nock(EVENTS).post('/v2/enqueue').reply(500, { status: 'error', message: 'Internal error', errors: [] });
    const json = await failure(client().trigger(alert));
    expect(json).toMatchObject({ retryable: true, retryAfterMs: undefined });
    expect(json.message).toBe('PagerDuty could not take the page (500): Internal error');
    nock(EVENTS)
      .post('/v2/enqueue')
      .reply(502, '<html><h1>Bad Gateway</h1></html>', { 'content-type': 'text/html' });
    expect(await failure(client().trigger(alert))).toMatchObject({ retryable: true });
  });

  it('gives up on a refusal, saying what PagerDuty said', async () => {
    nock(EVENTS)
      .post('/v2/enqueue')
      .reply(400, {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['Length of dedup_key is too long'],
      });
    const error = await failure(client().trigger(alert));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'PagerDuty refused the page (400): Event object is invalid; Length of dedup_key is too long',
    );
  });

  it('retries when PagerDuty cannot be reached, or does not answer in time', async () => {
    nock(EVENTS).post('/v2/enqueue').replyWithError('connect ECONNREFUSED');
    const refused = await failure(client().trigger(alert));
    expect(refused.retryable).toBe(true);
    expect(refused.message).toContain('Could not reach PagerDuty for the page: request to');
    nock(EVENTS).post('/v2/enqueue').delay(500).reply(202, { status: 'success' });
    const slow = await failure(client({ timeoutMs: 50 }).trigger(alert));
    expect(slow.retryable).toBe(true);
    expect(slow.message).toContain('network timeout');
  });
});

function oncall(name: string, level: number, start: string | null, end: string | null) {
  const id = `P${name.toUpperCase().slice(0, 6)}`;
  return {
    escalation_policy: { id: 'PPAYESC', type: 'escalation_policy_reference', summary: 'Payments' },
    user: { id, type: 'user', summary: name, name, email: `${name.toLowerCase()}@example.com` },
    // A permanent on-call comes from a user target, not a schedule.
    ...(start
      ? { schedule: { id: 'PSCHED1', type: 'schedule_reference', summary: 'Payments primary' } }
      : {}),
    escalation_level: level,
    start,
    end,
  };
}

/** The query the client must send, literally as nock matches it (string values, `[]` in the keys). */
function onCallsQuery(offset: number) {
  return {
    'escalation_policy_ids[]': 'PPAYESC',
    'include[]': 'users',
    earliest: 'true',
    since: NOW,
    until: IN_30_DAYS,
    limit: '100',
    offset: String(offset),
  };
}

describe('who is on call', () => {
  it('pages through GET /oncalls and splits now from next', async () => {
    const first = {
      oncalls: [
        oncall('Ana', 1, '2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z'),
        oncall('Lead', 2, null, null),
        ...Array.from({ length: 98 }, (_, index) =>
          oncall(`Later${index}`, 1, `2026-12-0${1 + (index % 8)}T09:00:00Z`, '2026-12-10T09:00:00Z'),
        ),
      ],
      limit: 100,
      offset: 0,
      more: true,
      total: null,
    };
    const second = {
      oncalls: [oncall('Ben', 1, '2026-11-27T09:00:00-05:00', '2026-11-28T09:00:00-05:00')],
      limit: 100,
      offset: 100,
      more: false,
      total: null,
    };
    expect(onCallsResponseProblems(first)).toEqual([]);
    expect(onCallsResponseProblems(second)).toEqual([]);
    const queries: URLSearchParams[] = [];
    nock(API, {
      reqheaders: {
        authorization: `Token token=${TOKEN}`,
        accept: 'application/vnd.pagerduty+json;version=2',
      },
    })
      .get('/oncalls')
      .query((query) => {
        queries.push(new URLSearchParams(query as Record<string, string>));
        return true;
      })
      .reply(200, first)
      .get('/oncalls')
      .query(onCallsQuery(100))
      .reply(200, second);
    const answer = await client().onCall('PPAYESC');
    expect(queries).toHaveLength(1);
    expect(Object.fromEntries(queries[0]!)).toEqual(onCallsQuery(0));
    expect(onCallsQueryProblems(queries[0]!)).toEqual([]);
    expect(answer.now).toEqual([
      {
        name: 'Ana',
        email: 'ana@example.com',
        escalationLevel: 1,
        scheduleName: 'Payments primary',
        start: '2026-11-26T09:00:00.000Z',
        end: '2026-11-27T09:00:00.000Z',
      },
      { name: 'Lead', email: 'lead@example.com', escalationLevel: 2 },
    ]);
    expect(answer.next).toEqual([
      {
        name: 'Ben',
        email: 'ben@example.com',
        escalationLevel: 1,
        scheduleName: 'Payments primary',
        start: '2026-11-27T14:00:00.000Z',
        end: '2026-11-28T14:00:00.000Z',
      },
    ]);
  });

  it('reuses an answer for a minute, and asks again after', async () => {
    const clock = new ManualClock(NOW);
    const pager = client({ clock });
    const body = { oncalls: [oncall('Ana', 1, null, null)], limit: 100, offset: 0, more: false, total: null };
    nock(API).get('/oncalls').query(onCallsQuery(0)).reply(200, body);
    await pager.onCall('PPAYESC');
    clock.advance('59s');
    expect((await pager.onCall('PPAYESC')).now.map((person) => person.name)).toEqual(['Ana']);
    clock.advance('2s');
    const later = {
      ...onCallsQuery(0),
      since: '2026-11-26T14:01:01.000Z',
      until: '2026-12-26T14:01:01.000Z',
    };
    nock(API)
      .get('/oncalls')
      .query(later)
      .reply(200, { ...body, oncalls: [oncall('Ben', 1, null, null)] });
    expect((await pager.onCall('PPAYESC')).now.map((person) => person.name)).toEqual(['Ben']);
  });

  it('does not remember a failure, and gives up on a bad token without repeating it', async () => {
    const pager = client();
    nock(API)
      .get('/oncalls')
      .query(true)
      .reply(401, { error: { message: 'Unauthenticated', code: 2006 } });
    const refused = await failure(pager.onCall('PPAYESC'));
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('(401): Unauthenticated; check PAGERDUTY_TOKEN');
    expect(refused.message).not.toContain(TOKEN);
    nock(API).get('/oncalls').query(true).reply(200, { oncalls: [], limit: 100, offset: 0, more: false });
    expect(await pager.onCall('PPAYESC')).toEqual({ now: [], next: [] });
  });

  it('retries a 5xx whose body is not JSON, which pdjs rejects with instead of resolving', async () => {
    nock(API)
      .get('/oncalls')
      .query(true)
      .reply(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    const error = await failure(client().onCall('PPAYESC'));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toContain('(502)');
  });

  it('retries a rate-limited lookup as ratelimit-reset says', async () => {
    nock(API)
      .get('/oncalls')
      .query(true)
      .times(4)
      .reply(429, { error: { message: 'Rate Limit Exceeded', code: 2020 } }, { 'ratelimit-reset': '12' });
    expect(await failure(client().onCall('PPAYESC'))).toMatchObject({
      retryable: true,
      retryAfterMs: 12_000,
    });
  });

  it('talks to the EU region', async () => {
    nock('https://api.eu.pagerduty.com').get('/oncalls').query(onCallsQuery(0)).reply(200, {
      oncalls: [],
      limit: 100,
      offset: 0,
      more: false,
      total: null,
    });
    expect(await client({ apiUrl: 'https://api.eu.pagerduty.com' }).onCall('PPAYESC')).toEqual({
      now: [],
      next: [],
    });
  });
});
