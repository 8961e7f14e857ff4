import { describe, expect, it } from 'vitest';
import type { IncidentStore } from '../../src/domain/ports.js';
import { pagerDutyWebhook } from '../../src/pagerduty/webhook-endpoint.js';
import { signatureOf } from '../../src/pagerduty/webhook-signature.js';
import { webhookBody } from '../support/fake-pagerduty.js';
import { run, silentLogger, testDeps } from '../support/harness.js';

const SECRET = 'endpoint-secret';

/** The store, with its commits held up or failing. */
function storeWith(store: IncidentStore, commit: IncidentStore['commit']): IncidentStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'commit') return commit;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function setUp(commit?: (store: IncidentStore) => IncidentStore['commit']) {
  const deps = testDeps();
  await run(deps, 'declare sev1 service:payments Checkout down');
  if (commit) deps.store = storeWith(deps.store, commit(deps.store));
  const refs: string[] = [];
  const endpoint = pagerDutyWebhook({
    secret: SECRET,
    deps,
    logger: silentLogger,
    unexpected: () => {
      refs.push('ref1');
      return 'ref1';
    },
    answerWithinMs: 50,
  });
  const body = webhookBody('incident.acknowledged', {
    id: 'PD1',
    number: 3,
    title: 'INC-1 Checkout down',
    serviceId: 'PPAYMNT',
  });
  const send = () =>
    endpoint({
      headers: { 'x-pagerduty-signature': signatureOf(body, SECRET), 'x-webhook-id': 'W1' },
      body: Buffer.from(body),
    });
  return { deps, send, refs };
}

describe('the webhook endpoint', () => {
  it('answers once the event is recorded', async () => {
    const { deps, send } = await setUp();
    expect(await send()).toEqual({ status: 200, body: { ok: true, outcome: 'recorded', incident: 'INC-1' } });
    expect((await deps.store.timeline('INC-1')).map((event) => event.kind)).toContain('pagerduty');
  });

  it('answers 202 in time when the work is slow, and finishes it anyway', async () => {
    const { deps, send } = await setUp((store) => async (commit) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return store.commit(commit);
    });
    expect(await send()).toEqual({ status: 202, body: { ok: true, outcome: 'accepted' } });
    const recorded = async () =>
      (await deps.store.timeline('INC-1')).some((event) => event.kind === 'pagerduty');
    expect(await recorded()).toBe(false);
    for (let waited = 0; waited < 3_000 && !(await recorded()); waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await recorded()).toBe(true);
  });

  it('answers 500 with a reference when the work fails', async () => {
    const { send, refs } = await setUp(() => async () => {
      throw new Error('disk I/O error');
    });
    expect(await send()).toEqual({
      status: 500,
      body: { ok: false, error: 'something went wrong (ref ref1)' },
    });
    expect(refs).toEqual(['ref1']);
  });
});
