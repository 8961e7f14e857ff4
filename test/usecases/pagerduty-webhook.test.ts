import { describe, expect, it } from 'vitest';
import { PAGERDUTY } from '../../src/domain/actors.js';
import type { Effect } from '../../src/domain/effects.js';
import { normalizeIncoming } from '../../src/domain/incoming-text.js';
import { findOrderViolation } from '../../src/domain/milestones.js';
import { dedupKey } from '../../src/domain/pager.js';
import { addMillis } from '../../src/domain/time.js';
import { loadCatalog } from '../../src/runbooks/catalog.js';
import { changeIncident } from '../../src/usecases/incident-change.js';
import {
  handlePagerDutyEvent,
  type PagerDutyIncident,
  type PagerDutyIncidentEvent,
} from '../../src/usecases/pagerduty-webhook.js';
import { recordRefs } from '../../src/usecases/record-outcome.js';
import { failNextCommit } from '../support/failing-commit.js';
import { actor, incident, run, type TestDeps, testDeps } from '../support/harness.js';
import { runbooksWithAutoDeclare } from '../support/runbooks.js';

const pager = {
  trigger: async () => {},
  resolve: async () => {},
  onCall: async () => ({ now: [], next: [] }),
};

function catalogWithAutoDeclare() {
  return loadCatalog(runbooksWithAutoDeclare()).catalog;
}

function setUp(): TestDeps {
  return testDeps({ pager, catalog: catalogWithAutoDeclare() });
}

let deliveries = 0;
function delivery(
  type: string,
  incident: Partial<PagerDutyIncident> & { id: string },
  extra: Partial<PagerDutyIncidentEvent> = {},
): PagerDutyIncidentEvent {
  deliveries += 1;
  return {
    deliveryId: `delivery-${deliveries}`,
    eventId: `event-${deliveries}`,
    type,
    incident: { number: 12, title: 'Something', assignees: [], ...incident },
    ...extra,
  };
}

/** Every effect recorded so far, lane heads first, as the worker would meet them. */
async function allEffects(deps: TestDeps): Promise<Effect[]> {
  const all: Effect[] = [];
  for (;;) {
    const claimed = await deps.store.claimEffects('2100-01-01T00:00:00.000Z', 100, 1);
    if (claimed.length === 0) return all;
    for (const effect of claimed) {
      all.push(effect.effect);
      await deps.store.completeEffect(effect, '2100-01-01T00:00:00.000Z');
    }
  }
}

async function pagerdutyEntries(deps: TestDeps, id = 'INC-1') {
  return (await deps.store.timeline(id)).filter((event) => event.kind === 'pagerduty');
}

describe('PagerDuty webhooks about our own pages', () => {
  async function paged() {
    const deps = setUp();
    await run(deps, 'declare sev1 service:payments Checkout down');
    const declared = await incident(deps);
    return { deps, key: dedupKey(declared), declaredAt: declared.milestones.declaredAt };
  }

  it('links the PagerDuty incident by our dedup key, then by its id, and takes the acknowledgement as TTA', async () => {
    const { deps, key, declaredAt } = await paged();
    deps.clock.advance('1m');
    const triggered = await handlePagerDutyEvent(
      deps,
      delivery(
        'incident.triggered',
        {
          id: 'PD1',
          incidentKey: key,
          urgency: 'high',
          url: 'https://acme.pagerduty.com/incidents/PD1',
          assignees: ['Ana Lima'],
        },
        { occurredAt: addMillis(declaredAt, 5_000) },
      ),
    );
    expect(triggered).toEqual({ outcome: 'recorded', incident: 'INC-1' });
    expect(await deps.store.refs('INC-1')).toMatchObject({ pagerduty: 'PD1' });
    deps.clock.advance('2m');
    // Later events need not carry the key: the id is remembered.
    const acked = await handlePagerDutyEvent(
      deps,
      delivery(
        'incident.acknowledged',
        { id: 'PD1' },
        { occurredAt: addMillis(declaredAt, 90_000), agent: 'Ana Lima' },
      ),
    );
    expect(acked).toEqual({ outcome: 'recorded', incident: 'INC-1' });
    const after = await incident(deps);
    expect(after.milestones.acknowledgedAt).toBe(addMillis(declaredAt, 90_000));
    expect(await pagerdutyEntries(deps)).toMatchObject([
      {
        event: 'triggered',
        actor: PAGERDUTY,
        summary: 'incident #12 opened (high urgency), assigned to Ana Lima',
        pagerdutyIncidentId: 'PD1',
        url: 'https://acme.pagerduty.com/incidents/PD1',
      },
      {
        event: 'acknowledged',
        summary: 'incident #12 acknowledged by Ana Lima',
        at: addMillis(declaredAt, 90_000),
      },
    ]);
    const effects = await allEffects(deps);
    expect(effects.filter((effect) => effect.type === 'event.post')).toHaveLength(2); // the channel hears of both
    expect(effects).toContainEqual({ type: 'cards.refresh' });
  });

  it('keeps an acknowledgement between the declaration and now, whatever PagerDuty’s clock says', async () => {
    const { deps, key, declaredAt } = await paged();
    deps.clock.advance('30s');
    await handlePagerDutyEvent(
      deps,
      delivery(
        'incident.acknowledged',
        { id: 'PD1', incidentKey: key },
        { occurredAt: addMillis(declaredAt, -60_000) },
      ),
    );
    const early = await incident(deps);
    expect(early.milestones.acknowledgedAt).toBe(declaredAt);
    expect(findOrderViolation(early.milestones)).toBeUndefined();

    const second = await paged();
    await handlePagerDutyEvent(
      second.deps,
      delivery(
        'incident.acknowledged',
        { id: 'PD2', incidentKey: second.key },
        { occurredAt: addMillis(second.declaredAt, 3_600_000) },
      ),
    );
    expect((await incident(second.deps)).milestones.acknowledgedAt).toBe(
      second.deps.clock.now().toISOString(),
    );
  });

  it('does not move an acknowledgement a person already made', async () => {
    const { deps, key } = await paged();
    await recordRefs(deps, 'INC-1', { channel: 'C-INC-1' });
    deps.clock.advance('1m');
    await run(deps, 'assign commander @bob', actor('alice', 'C-INC-1'));
    const taken = (await incident(deps)).milestones.acknowledgedAt;
    deps.clock.advance('1m');
    await handlePagerDutyEvent(deps, delivery('incident.acknowledged', { id: 'PD1', incidentKey: key }));
    expect((await incident(deps)).milestones.acknowledgedAt).toBe(taken);
    expect(await pagerdutyEntries(deps)).toHaveLength(1);
  });

  it('records resolutions, escalations and reassignments; a page resolved in PagerDuty is not resolved again', async () => {
    const { deps, key } = await paged();
    await changeIncident(deps, 'INC-1', PAGERDUTY, () => [
      { kind: 'paged', service: 'payments', dedupKey: key },
    ]);
    await recordRefs(deps, 'INC-1', { channel: 'C-INC-1' });
    await handlePagerDutyEvent(
      deps,
      delivery('incident.escalated', { id: 'PD1', incidentKey: key, assignees: ['Ben Ito'] }),
    );
    await handlePagerDutyEvent(
      deps,
      delivery('incident.reassigned', { id: 'PD1', assignees: ['Cy Roe', 'Di Lu'] }, { agent: 'Ben Ito' }),
    );
    await handlePagerDutyEvent(deps, delivery('incident.resolved', { id: 'PD1' }, { agent: 'Cy Roe' }));
    expect((await pagerdutyEntries(deps)).map((event) => [event.event, event.summary])).toEqual([
      ['escalated', 'incident #12 escalated, now with Ben Ito'],
      ['reassigned', 'incident #12 reassigned to Cy Roe, Di Lu by Ben Ito'],
      ['resolved', 'incident #12 resolved by Cy Roe'],
    ]);
    const afterPagerDuty = await incident(deps);
    expect(afterPagerDuty.page?.resolvedAt).toBeDefined();
    expect(afterPagerDuty.status).toBe('investigating'); // people decide when the incident is over
    await allEffects(deps);
    await run(deps, 'resolve Fixed', actor('alice', 'C-INC-1'));
    const effects = await allEffects(deps);
    expect(effects).toContainEqual({ type: 'postmortem.publish' });
    expect(effects).not.toContainEqual({ type: 'page.resolve' });
  });

  it('drops redeliveries, and ignores what it does not follow or cannot link', async () => {
    const { deps, key } = await paged();
    const ack = delivery('incident.acknowledged', { id: 'PD1', incidentKey: key });
    expect(await handlePagerDutyEvent(deps, ack)).toMatchObject({ outcome: 'recorded' });
    expect(await handlePagerDutyEvent(deps, ack)).toEqual({ outcome: 'duplicate' });
    expect(
      await handlePagerDutyEvent(deps, delivery('incident.priority_updated', { id: 'PD1' })),
    ).toMatchObject({
      outcome: 'ignored',
    });
    expect(
      await handlePagerDutyEvent(
        deps,
        delivery('incident.acknowledged', { id: 'PDX', incidentKey: 'srv01/HTTP' }),
      ),
    ).toEqual({ outcome: 'ignored', reason: 'not linked to a Firewatch incident' });
    // Our key's shape, but not this incident's declaration: a database that was reset.
    expect(
      await handlePagerDutyEvent(
        deps,
        delivery('incident.acknowledged', { id: 'PDY', incidentKey: 'firewatch/INC-1/20200101T000000Z' }),
      ),
    ).toMatchObject({ outcome: 'ignored' });
    expect(await pagerdutyEntries(deps)).toHaveLength(1);
  });

  it('handles a redelivery after a failure: a delivery whose commit failed is not counted as seen', async () => {
    const { deps, key } = await paged();
    const event = delivery('incident.acknowledged', { id: 'PD7', incidentKey: key });
    failNextCommit(deps.store);
    await expect(handlePagerDutyEvent(deps, event)).rejects.toThrow('disk I/O error');
    expect(await deps.store.refs('INC-1')).not.toHaveProperty('pagerduty');
    expect(await handlePagerDutyEvent(deps, event)).toEqual({ outcome: 'recorded', incident: 'INC-1' });
    expect(await handlePagerDutyEvent(deps, event)).toEqual({ outcome: 'duplicate' });
    expect(await pagerdutyEntries(deps)).toHaveLength(1);
    expect(await deps.store.refs('INC-1')).toMatchObject({ pagerduty: 'PD7' });
  });

  it('leaves a closed incident alone', async () => {
    const { deps, key } = await paged();
    await recordRefs(deps, 'INC-1', { channel: 'C-INC-1' });
    await run(deps, 'resolve Fixed', actor('alice', 'C-INC-1'));
    await run(deps, 'close', actor('alice', 'C-INC-1'));
    expect(
      await handlePagerDutyEvent(deps, delivery('incident.resolved', { id: 'PD1', incidentKey: key })),
    ).toEqual({
      outcome: 'ignored',
      reason: 'INC-1 is closed',
    });
    expect(await pagerdutyEntries(deps)).toEqual([]);
  });

  it('finds our page by its title on its service when alert grouping gave the incident another key', async () => {
    const { deps } = await paged();
    const grouped = { id: 'PDG', incidentKey: 'grouped-elsewhere', title: 'INC-1 Checkout down' };
    expect(
      await handlePagerDutyEvent(
        deps,
        delivery('incident.acknowledged', { ...grouped, serviceId: 'PGATEWY' }),
      ),
    ).toMatchObject({ outcome: 'ignored' });
    expect(
      await handlePagerDutyEvent(
        deps,
        delivery('incident.acknowledged', { ...grouped, serviceId: 'PPAYMNT' }),
      ),
    ).toEqual({ outcome: 'recorded', incident: 'INC-1' });
  });
});

describe('auto_declare', () => {
  const searchPage = (extra: Partial<PagerDutyIncident> = {}) => ({
    id: 'PDS1',
    number: 77,
    title: 'Search latency above 2 s',
    serviceId: 'PSEARCH',
    urgency: 'high',
    priority: 'P1',
    incidentKey: 'monitoring/search-latency',
    url: 'https://acme.pagerduty.com/incidents/PDS1',
    assignees: ['Ana Lima'],
    ...extra,
  });

  it('declares a high-urgency incident once, linked to it, and does not page again', async () => {
    const deps = setUp();
    const triggered = delivery('incident.triggered', searchPage());
    const first = await handlePagerDutyEvent(deps, triggered);
    // A second subscription delivers the same event under another webhook id.
    const again = await handlePagerDutyEvent(deps, { ...triggered, deliveryId: 'another-subscription' });
    expect(first).toEqual({ outcome: 'declared', incident: 'INC-1' });
    expect(again).toEqual({ outcome: 'duplicate' });
    expect(await deps.store.nextIncidentNumber()).toBe(2);
    const declared = await incident(deps);
    expect(declared).toMatchObject({
      title: 'Search latency above 2 s',
      severity: 'SEV1',
      service: 'search',
      declaredBy: PAGERDUTY,
      page: {
        dedupKey: 'monitoring/search-latency',
        service: 'search',
        pagerdutyIncidentId: 'PDS1',
        pagerdutyUrl: 'https://acme.pagerduty.com/incidents/PDS1',
      },
    });
    expect(declared.description).toContain('#77');
    // Nobody leads it until a person takes command, and after 10 minutes someone is asked to.
    expect(declared.roles.commander).toBeUndefined();
    expect(declared.reminders.leadDueAt).toBe(addMillis(declared.milestones.declaredAt, 10 * 60_000));
    expect(await deps.store.refs('INC-1')).toMatchObject({ pagerduty: 'PDS1' });
    const effects = await allEffects(deps);
    expect(effects.map((effect) => effect.type)).toContain('channel.create');
    expect(effects.map((effect) => effect.type)).toContain('oncall.invite');
    expect(effects.map((effect) => effect.type)).not.toContain('page.trigger');

    // Raising the severity does not page either: the page is open.
    await recordRefs(deps, 'INC-1', { channel: 'C-INC-1' });
    await run(deps, 'sev 2', actor('alice', 'C-INC-1'));
    await run(deps, 'sev 1', actor('alice', 'C-INC-1'));
    expect((await allEffects(deps)).map((effect) => effect.type)).not.toContain('page.trigger');

    deps.clock.advance('3m');
    await handlePagerDutyEvent(
      deps,
      delivery('incident.acknowledged', { id: 'PDS1' }, { agent: 'Ana Lima' }),
    );
    expect((await incident(deps)).milestones.acknowledgedAt).toBe(deps.clock.now().toISOString());
  });

  it('declares on PagerDuty’s redelivery when the first declaration’s commit failed', async () => {
    const deps = setUp();
    const triggered = delivery('incident.triggered', searchPage());
    failNextCommit(deps.store);
    await expect(handlePagerDutyEvent(deps, triggered)).rejects.toThrow('disk I/O error');
    expect(await deps.store.load('INC-1')).toBeUndefined();
    expect(await deps.store.findByRef('pagerduty', 'PDS1')).toBeUndefined();
    // PagerDuty retries a 5xx with the same webhook id; another subscription sends another id.
    expect(await handlePagerDutyEvent(deps, triggered)).toEqual({ outcome: 'declared', incident: 'INC-1' });
    expect(await handlePagerDutyEvent(deps, { ...triggered, deliveryId: 'another-subscription' })).toEqual({
      outcome: 'duplicate',
    });
    expect(await deps.store.findByRef('pagerduty', 'PDS1')).toBe('INC-1');
    expect(await deps.store.nextIncidentNumber()).toBe(2);
  });

  it('declares one incident when two deliveries of one PagerDuty incident race', async () => {
    const deps = setUp();
    const first = delivery('incident.triggered', searchPage());
    const second = delivery('incident.triggered', searchPage());
    const outcomes = await Promise.all([
      handlePagerDutyEvent(deps, first),
      handlePagerDutyEvent(deps, second),
    ]);
    // The one that loses learns of the other's incident, by its marker or by its link.
    expect(outcomes.filter((outcome) => outcome.outcome === 'declared')).toHaveLength(1);
    expect(await deps.store.nextIncidentNumber()).toBe(2);
  });

  it('cleans the title exactly like a slash command’s text: no broadcast, no group ping, no dressed-up link', async () => {
    const deps = setUp();
    const title = 'DB down <!channel> <!subteam^S123|@oncall> <https://evil.example|PagerDuty login>';
    await handlePagerDutyEvent(deps, delivery('incident.triggered', searchPage({ title })));
    const cleaned = (await incident(deps)).title;
    expect(cleaned).toBe(normalizeIncoming(title));
    expect(cleaned).toBe('DB down @channel @oncall PagerDuty login (https://evil.example)');
  });

  it('takes the severity from the priority, and a major one without', async () => {
    const deps = setUp();
    await handlePagerDutyEvent(deps, delivery('incident.triggered', searchPage({ id: 'A', priority: 'P3' })));
    await handlePagerDutyEvent(deps, delivery('incident.triggered', searchPage({ id: 'B', priority: 'P5' })));
    const { priority: _none, ...withoutPriority } = searchPage({ id: 'C' });
    await handlePagerDutyEvent(deps, delivery('incident.triggered', withoutPriority));
    expect([
      (await incident(deps, 'INC-1')).severity,
      (await incident(deps, 'INC-2')).severity,
      (await incident(deps, 'INC-3')).severity,
    ]).toEqual(['SEV3', 'SEV4', 'SEV2']);
  });

  it('declares nothing for low urgency, or for a service that does not ask for it', async () => {
    const deps = setUp();
    expect(
      await handlePagerDutyEvent(deps, delivery('incident.triggered', searchPage({ urgency: 'low' }))),
    ).toEqual({
      outcome: 'ignored',
      reason: 'search declares only for high-urgency incidents',
    });
    expect(
      await handlePagerDutyEvent(
        deps,
        delivery('incident.triggered', searchPage({ id: 'PDP', serviceId: 'PPAYMNT' })),
      ),
    ).toEqual({ outcome: 'ignored', reason: 'not linked to a Firewatch incident' });
    expect(await deps.store.nextIncidentNumber()).toBe(1);
  });
});
