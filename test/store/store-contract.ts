import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declare } from '../../src/domain/decisions.js';
import type { Change, NewDeployment } from '../../src/domain/deployments.js';
import type { Effect } from '../../src/domain/effects.js';
import type { EventBody, NewEvent } from '../../src/domain/events.js';
import { evolveAll } from '../../src/domain/evolve.js';
import type { Incident } from '../../src/domain/incident.js';
import type {
  Commit,
  DeploymentQuery,
  IncidentQuery,
  IncidentStore,
  SeenMarker,
} from '../../src/domain/ports.js';
import { recordPastIncident } from '../../src/domain/recorded.js';
import { DEFAULT_REMINDER_POLICY, scheduleReminders } from '../../src/domain/reminders.js';

const T0 = '2026-11-26T14:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

function stamp(bodies: EventBody[], actor: string, when: string): NewEvent[] {
  return bodies.map((body) => ({ ...body, at: when, actor }));
}

/** What any commit in these tests may carry besides its events. */
interface Extras {
  by?: string;
  when?: string;
  effects?: Effect[];
  seen?: SeenMarker[];
  refs?: Record<string, string>;
}

function extras(options: Extras): Pick<Commit, 'effects' | 'seen' | 'refs'> {
  return {
    effects: () => options.effects ?? [],
    ...(options.seen ? { seen: options.seen } : {}),
    ...(options.refs ? { refs: options.refs } : {}),
  };
}

function settle(incident: Incident): Incident {
  return { ...incident, reminders: scheduleReminders(incident, DEFAULT_REMINDER_POLICY) };
}

export function declaration(
  options: Extras & {
    private?: boolean;
    service?: string;
    severity?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
  } = {},
): Commit {
  const when = options.when ?? T0;
  return {
    expectedVersion: 0,
    recordedAt: when,
    decide(number) {
      const events = stamp(
        declare({
          number,
          title: `incident ${number}`,
          severity: options.severity ?? 'SEV2',
          private: options.private ?? false,
          ...(options.service ? { service: options.service } : {}),
        }),
        options.by ?? 'ann',
        when,
      );
      return { incident: settle(evolveAll(undefined, events)), events };
    },
    ...extras(options),
  };
}

export function change(
  incident: Incident,
  version: number,
  bodies: EventBody[],
  options: Extras = {},
): Commit {
  const when = options.when ?? at(5);
  const events = stamp(bodies, options.by ?? 'ann', when);
  return {
    id: incident.id,
    expectedVersion: version,
    recordedAt: when,
    decide: () => ({ incident: settle(evolveAll(incident, events)), events }),
    ...extras(options),
  };
}

/**
 * The behaviour every IncidentStore must have. Run against each implementation, so that a fake
 * or a second database cannot quietly behave differently from the real one.
 */
export function describeStoreContract(
  name: string,
  open: () => Promise<IncidentStore>,
  close: (store: IncidentStore) => Promise<void> = (store) => store.close(),
): void {
  describe(`${name}: the IncidentStore contract`, () => {
    let store: IncidentStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await close(store);
    });

    describe('incidents and their timelines', () => {
      it('numbers incidents from 1, the store giving each new one the next number', async () => {
        expect(await store.nextIncidentNumber()).toBe(1);
        expect((await store.commit(declaration())).incident.id).toBe('INC-1');
        expect((await store.commit(declaration())).incident.id).toBe('INC-2');
        expect(await store.nextIncidentNumber()).toBe(3);
      });

      it('gives incidents declared at the same moment different numbers', async () => {
        const stored = await Promise.all(Array.from({ length: 20 }, () => store.commit(declaration())));
        expect(stored.map((change) => change.incident.number).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 20 }, (_, index) => index + 1),
        );
        expect(await store.list({ viewer: 'ann', limit: 100 })).toHaveLength(20);
      });

      it('stores the projection and the events together, with seq from 1, and returns what it stored', async () => {
        const stored = await store.commit(declaration());
        expect(stored.version).toBe(1);
        expect(stored.events).toEqual([
          expect.objectContaining({ kind: 'declared', seq: 1, recordedAt: T0 }),
        ]);
        expect(await store.load('INC-1')).toEqual({ incident: stored.incident, version: 1 });
        const timeline = await store.timeline('INC-1');
        expect(timeline).toEqual(stored.events);
        expect(await store.event('INC-1', 1)).toEqual(timeline[0]);
        expect(await store.event('INC-1', 2)).toBeUndefined();
        expect(await store.load('INC-2')).toBeUndefined();
      });

      it('appends at the version it was read at, giving seq strictly increasing', async () => {
        const first = await store.commit(declaration());
        const second = await store.commit(
          change(first.incident, 1, [
            { kind: 'note_added', text: 'one', source: 'command' },
            { kind: 'update_posted', text: 'two' },
          ]),
        );
        expect(second.events.map((event) => event.seq)).toEqual([2, 3]);
        expect(second.version).toBe(3);
        const { incident, version } = (await store.load('INC-1'))!;
        expect(version).toBe(3);
        await store.commit(change(incident, 3, [{ kind: 'severity_changed', from: 'SEV2', to: 'SEV1' }]));
        const timeline = await store.timeline('INC-1');
        expect(timeline.map((event) => [event.seq, event.kind])).toEqual([
          [1, 'declared'],
          [2, 'note_added'],
          [3, 'update_posted'],
          [4, 'severity_changed'],
        ]);
        expect((await store.load('INC-1'))!.incident.severity).toBe('SEV1');
      });

      it('builds effects from the events as stored', async () => {
        const first = await store.commit(declaration());
        const stored = await store.commit({
          ...change(first.incident, 1, [{ kind: 'update_posted', text: 'all good' }]),
          effects: ({ events }) => events.map((event) => ({ type: 'event.post', seq: event.seq }) as Effect),
        });
        expect(stored.effects).toEqual([{ type: 'event.post', seq: 2 }]);
        const [claimed] = await store.claimEffects(at(5), 10, 60_000);
        expect(claimed!.effect).toEqual({ type: 'event.post', seq: 2 });
      });

      it('lets exactly one of two writes from the same version win; the other gets CONFLICT', async () => {
        const first = await store.commit(declaration());
        const ann = change(first.incident, 1, [{ kind: 'resolved', from: 'investigating' }], { by: 'ann' });
        const bob = change(first.incident, 1, [{ kind: 'resolved', from: 'investigating' }], { by: 'bob' });
        const results = await Promise.allSettled([store.commit(ann), store.commit(bob)]);
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.filter(
          (result): result is PromiseRejectedResult => result.status === 'rejected',
        );
        expect(rejected).toHaveLength(1);
        expect(rejected[0]!.reason).toMatchObject({
          code: 'CONFLICT',
          message: expect.stringContaining('INC-1'),
        });
        const timeline = await store.timeline('INC-1');
        expect(timeline.filter((event) => event.kind === 'resolved')).toHaveLength(1);
        expect((await store.load('INC-1'))!.version).toBe(2);
      });

      it('a losing write leaves nothing behind: no events, effects, markers or refs', async () => {
        const first = await store.commit(declaration());
        await store.commit(change(first.incident, 1, [{ kind: 'update_posted', text: 'a' }]));
        await expect(
          store.commit(
            change(first.incident, 1, [{ kind: 'update_posted', text: 'b' }], {
              effects: [{ type: 'cards.refresh' }],
              seen: [{ source: 'slack-event', key: 'Ev1' }],
              refs: { card: '1.1' },
            }),
          ),
        ).rejects.toMatchObject({ code: 'CONFLICT' });
        expect((await store.timeline('INC-1')).map((event) => event.kind)).toEqual([
          'declared',
          'update_posted',
        ]);
        expect((await store.outboxStats()).pending).toBe(0);
        expect(await store.seen({ source: 'slack-event', key: 'Ev1' })).toBe(false);
        expect(await store.refs('INC-1')).toEqual({});
      });

      it('a commit that fails while deciding writes nothing, and the number is not used up', async () => {
        const failing: Commit = {
          ...declaration({ seen: [{ source: 'pagerduty-webhook', key: 'W1' }], refs: { pagerduty: 'P1' } }),
          decide: () => {
            throw new Error('the disk is full');
          },
        };
        await expect(store.commit(failing)).rejects.toThrow('the disk is full');
        expect(await store.seen({ source: 'pagerduty-webhook', key: 'W1' })).toBe(false);
        expect(await store.findByRef('pagerduty', 'P1')).toBeUndefined();
        const retried = await store.commit(
          declaration({ seen: [{ source: 'pagerduty-webhook', key: 'W1' }], refs: { pagerduty: 'P1' } }),
        );
        expect(retried.incident.id).toBe('INC-1');
        expect(await store.findByRef('pagerduty', 'P1')).toBe('INC-1');
      });

      it('refuses a commit to an incident that does not exist', async () => {
        const first = await store.commit(declaration());
        await expect(
          store.commit(change({ ...first.incident, id: 'INC-9', number: 9 }, 1, [])),
        ).rejects.toMatchObject({ code: 'CONFLICT' });
      });

      it('writes only the refs and markers of a commit with no events: the incident stays as it was', async () => {
        const first = await store.commit(declaration());
        // Whatever a commit with no events hands over, the projection is the fold of the events.
        const renamed = { ...first.incident, title: 'not from any event' };
        const written = await store.commit({
          id: 'INC-1',
          expectedVersion: 1,
          recordedAt: at(5),
          decide: () => ({ incident: renamed, events: [] }),
          refs: { channel: 'C42' },
          seen: [{ source: 'test', key: 'refs-1' }],
        });
        expect(written.version).toBe(1);
        expect((await store.load('INC-1'))!).toEqual({ incident: first.incident, version: 1 });
        expect(await store.refs('INC-1')).toEqual({ channel: 'C42' });
        expect(await store.seen({ source: 'test', key: 'refs-1' })).toBe(true);
        // The version still decides: a stale one is refused.
        await expect(store.commit(change(first.incident, 0, []))).rejects.toMatchObject({ code: 'CONFLICT' });
      });

      it('accepts a commit with effects and no events, without changing the version', async () => {
        const first = await store.commit(declaration());
        await store.commit(change(first.incident, 1, [], { effects: [{ type: 'postmortem.publish' }] }));
        expect((await store.load('INC-1'))!.version).toBe(1);
        expect((await store.outboxStats()).pending).toBe(1);
      });
    });

    describe('queries', () => {
      beforeEach(async () => {
        await store.commit(declaration({ service: 'payments', severity: 'SEV1', when: at(0) }));
        await store.commit(declaration({ private: true, by: 'spy', when: at(60) }));
        const third = await store.commit(
          declaration({ service: 'database', severity: 'SEV3', when: at(120) }),
        );
        await store.commit(
          change(third.incident, 1, [{ kind: 'resolved', from: 'investigating' }], { when: at(180) }),
        );
      });

      it('lists newest first, filtered by status, service and severity', async () => {
        expect((await store.list({ viewer: 'ann' })).map((incident) => incident.id)).toEqual([
          'INC-3',
          'INC-1',
        ]);
        expect(
          (await store.list({ viewer: 'ann', statuses: ['investigating'] })).map((incident) => incident.id),
        ).toEqual(['INC-1']);
        expect(
          (await store.list({ viewer: 'ann', service: 'database' })).map((incident) => incident.id),
        ).toEqual(['INC-3']);
        expect(
          (await store.list({ viewer: 'ann', severity: 'SEV1' })).map((incident) => incident.id),
        ).toEqual(['INC-1']);
        expect(
          (await store.list({ viewer: 'ann', declaredSince: at(60) })).map((incident) => incident.id),
        ).toEqual(['INC-3']);
        expect((await store.list({ viewer: 'ann', limit: 1 })).map((incident) => incident.id)).toEqual([
          'INC-3',
        ]);
      });

      it('pages through a list: the offset skips the newest, after the viewer rule', async () => {
        const page = (offset: number) =>
          store
            .list({ viewer: 'ann', limit: 1, offset })
            .then((found) => found.map((incident) => incident.id));
        expect(await page(0)).toEqual(['INC-3']);
        expect(await page(1)).toEqual(['INC-1']);
        expect(await page(2)).toEqual([]);
        expect(
          (await store.list({ viewer: 'spy', limit: 2, offset: 1 })).map((incident) => incident.id),
        ).toEqual(['INC-2', 'INC-1']);
      });

      it('shows private incidents only to their participants', async () => {
        expect((await store.list({ viewer: 'spy' })).map((incident) => incident.id)).toEqual([
          'INC-3',
          'INC-2',
          'INC-1',
        ]);
        expect((await store.reportRows({ viewer: 'ann' })).map((row) => row.id).sort()).toEqual([
          'INC-1',
          'INC-3',
        ]);
        expect((await store.reportRows({ viewer: 'spy' })).map((row) => row.id).sort()).toEqual([
          'INC-1',
          'INC-2',
          'INC-3',
        ]);
        expect(
          (await store.list({ viewer: 'ann', includePrivate: true })).map((incident) => incident.id),
        ).toEqual(['INC-3', 'INC-2', 'INC-1']);
      });

      it('hides a private incident from a participant who left its channel, until they come back', async () => {
        const ids = (incidents: ReadonlyArray<{ id: string }>) => incidents.map((incident) => incident.id);
        const bob = async (event: EventBody) => {
          const stored = (await store.load('INC-2'))!;
          return store.commit(change(stored.incident, stored.version, [event], { by: 'bob' }));
        };
        await bob({ kind: 'participant_added', user: 'bob', reason: 'joined' });
        expect(ids(await store.list({ viewer: 'bob' }))).toContain('INC-2');
        const left = await bob({ kind: 'participant_left', user: 'bob' });
        expect(ids(await store.list({ viewer: 'bob' }))).not.toContain('INC-2');
        expect(ids(await store.reportRows({ viewer: 'bob' }))).not.toContain('INC-2');
        // Who took part is kept, for the postmortem.
        expect(left.incident.participants).toContain('bob');
        await bob({ kind: 'participant_added', user: 'bob', reason: 'joined' });
        expect(ids(await store.list({ viewer: 'bob' }))).toContain('INC-2');
      });

      it('gives report rows as epoch milliseconds', async () => {
        const rows = await store.reportRows({ viewer: 'ann', service: 'database' });
        expect(rows).toEqual([
          {
            id: 'INC-3',
            severity: 'SEV3',
            service: 'database',
            status: 'resolved',
            impactStartedAt: Date.parse(at(120)),
            detectedAt: Date.parse(at(120)),
            declaredAt: Date.parse(at(120)),
            declarationKnown: true,
            acknowledgedAt: null,
            mitigatedAt: Date.parse(at(180)),
            resolvedAt: Date.parse(at(180)),
            causedBy: null,
            recorded: false,
          },
        ]);
      });

      it('gives the impact recorded for an incident on its report row, for error budgets', async () => {
        const third = (await store.load('INC-3'))!;
        // Read before the change too: a store that keeps rows must bring the impact up to date.
        expect(
          (await store.reportRows({ viewer: 'ann' })).find((row) => row.id === 'INC-3'),
        ).not.toHaveProperty('impacts');
        await store.commit(
          change(third.incident, third.version, [
            { kind: 'impact_recorded', percent: 40, slo: 'availability' },
          ]),
        );
        const rows = await store.reportRows({ viewer: 'ann' });
        expect(rows.find((row) => row.id === 'INC-3')!.impacts).toEqual([
          { percent: 40, slo: 'availability', recordedAt: at(5) },
        ]);
        expect(rows.find((row) => row.id === 'INC-1')).not.toHaveProperty('impacts');
      });

      it('filters report rows as it lists incidents, private ones by the same rule', async () => {
        const first = (await store.load('INC-1'))!;
        await store.commit(
          change(first.incident, first.version, [
            { kind: 'action_added', actionId: 'A1', text: 'add an alert' },
          ]),
        );
        const queries: IncidentQuery[] = [
          { viewer: 'ann' },
          { viewer: 'spy' },
          { viewer: 'ann', includePrivate: true },
          { viewer: 'ann', statuses: ['resolved'] },
          { viewer: 'spy', statuses: ['investigating', 'identified'] },
          { viewer: 'ann', statuses: [] },
          { viewer: 'ann', service: 'payments' },
          { viewer: 'spy', severity: 'SEV2' },
          { viewer: 'spy', declaredSince: at(60) },
          { viewer: 'ann', declaredSince: at(61) },
          { viewer: 'ann', activeSince: at(150) },
          { viewer: 'ann', activeSince: at(200) },
          { viewer: 'ann', withOpenActions: true },
          { viewer: 'ann', recorded: false },
          { viewer: 'ann', recorded: true },
          { viewer: 'spy', withCause: true },
        ];
        for (const query of queries) {
          // Listed newest first; here the numbers follow the declarations.
          const listed = (await store.list(query)).map((incident) => incident.id).reverse();
          expect(
            (await store.reportRows(query)).map((row) => row.id),
            JSON.stringify(query),
          ).toEqual(listed);
        }
      });

      it('gives report rows oldest declared first, those declared at the same moment by number', async () => {
        await store.commit(declaration({ when: at(0) }));
        await store.commit(declaration({ when: at(60) }));
        const ids = async () =>
          (await store.reportRows({ viewer: 'ann', includePrivate: true })).map((row) => row.id);
        expect(await ids()).toEqual(['INC-1', 'INC-4', 'INC-2', 'INC-5', 'INC-3']);
        const fourth = (await store.load('INC-4'))!;
        await store.commit(
          change(fourth.incident, fourth.version, [
            { kind: 'milestone_set', milestone: 'declaredAt', value: at(120), previous: at(0) },
          ]),
        );
        expect(await ids()).toEqual(['INC-1', 'INC-2', 'INC-5', 'INC-3', 'INC-4']);
        expect(await store.reportRows({ viewer: 'ann', declaredSince: at(120) })).toEqual([
          expect.objectContaining({ id: 'INC-3' }),
          expect.objectContaining({ id: 'INC-4', declaredAt: Date.parse(at(120)) }),
        ]);
      });

      it('finds incidents active since a time: declared or resolved since, or still open', async () => {
        expect(
          (await store.list({ viewer: 'ann', activeSince: at(150) })).map((incident) => incident.id),
        ).toEqual(['INC-3', 'INC-1']);
        expect(
          (await store.list({ viewer: 'ann', activeSince: at(200) })).map((incident) => incident.id),
        ).toEqual(['INC-1']);
      });

      it('finds incidents with open follow-ups', async () => {
        const stored = (await store.load('INC-1'))!;
        await store.commit(
          change(stored.incident, stored.version, [
            { kind: 'action_added', actionId: 'A1', text: 'add an alert' },
          ]),
        );
        expect(
          (await store.list({ viewer: 'ann', withOpenActions: true })).map((incident) => incident.id),
        ).toEqual(['INC-1']);
      });

      it('counts open incidents by severity, private ones too', async () => {
        expect(await store.openIncidentsBySeverity()).toEqual({ SEV1: 1, SEV2: 1, SEV3: 0, SEV4: 0 });
      });

      it('finds reminders that are due', async () => {
        // SEV1 asks who leads after 10 minutes and nudges for updates after 15; resolved ones never.
        expect(await store.dueReminders(at(9), 10)).toEqual([]);
        expect(await store.dueReminders(at(10), 10)).toEqual(['INC-1']);
        expect(await store.dueReminders(at(16), 10)).toEqual(['INC-1']);
        expect(await store.dueReminders(at(60 + 30 + 1), 10)).toEqual(['INC-1', 'INC-2']);
      });
    });

    describe('refs and deliveries', () => {
      it('keeps adapter refs per incident, written by commits, overwritable and searchable', async () => {
        const first = await store.commit(declaration({ refs: { channel: 'C1', card: '1.1' } }));
        await store.commit(change(first.incident, 1, [], { refs: { card: '1.2' } }));
        expect(await store.refs('INC-1')).toEqual({ channel: 'C1', card: '1.2' });
        expect(await store.findByRef('channel', 'C1')).toBe('INC-1');
        expect(await store.findByRef('channel', 'C2')).toBeUndefined();
      });

      it('records delivery ids with the commit, and refuses a commit that repeats one (DUPLICATE)', async () => {
        const ev1 = { source: 'slack-event', key: 'Ev1' };
        expect(await store.seen(ev1)).toBe(false);
        const first = await store.commit(declaration({ seen: [ev1] }));
        expect(await store.seen(ev1)).toBe(true);
        expect(await store.seen({ source: 'pagerduty-webhook', key: 'Ev1' })).toBe(false);
        await expect(
          store.commit(
            change(first.incident, 1, [{ kind: 'update_posted', text: 'again' }], { seen: [ev1] }),
          ),
        ).rejects.toMatchObject({ code: 'DUPLICATE' });
        await expect(store.commit(declaration({ seen: [ev1] }))).rejects.toMatchObject({ code: 'DUPLICATE' });
        expect(await store.timeline('INC-1')).toHaveLength(1);
        expect(await store.load('INC-2')).toBeUndefined();
      });
    });

    describe('the outbox', () => {
      const effects: Effect[] = [
        { type: 'channel.create' },
        { type: 'channel.topic' },
        { type: 'page.trigger' },
        { type: 'card.post' },
      ];

      it('hands out only the head of each incident lane, in order', async () => {
        await store.commit(declaration({ effects }));
        await store.commit(declaration({ effects: [{ type: 'channel.create' }] }));
        const first = await store.claimEffects(T0, 10, 60_000);
        expect(first.map((claimed) => [claimed.incidentId, claimed.effect.type, claimed.attempt])).toEqual([
          ['INC-1', 'channel.create', 1],
          ['INC-1', 'page.trigger', 1],
          ['INC-2', 'channel.create', 1],
        ]);
        // Held by their leases: nothing else of those lanes is handed out.
        expect(await store.claimEffects(T0, 10, 60_000)).toEqual([]);
        expect(await store.completeEffect(first[0]!, T0)).toBe(true);
        expect((await store.claimEffects(T0, 10, 60_000)).map((claimed) => claimed.effect.type)).toEqual([
          'channel.topic',
        ]);
      });

      it('takes an effect back after its lease expires (a worker died), counting the attempt', async () => {
        await store.commit(declaration({ effects: [{ type: 'channel.create' }] }));
        await store.claimEffects(T0, 10, 60_000);
        expect(await store.claimEffects(at(0.5), 10, 60_000)).toEqual([]);
        const again = await store.claimEffects(at(1.01), 10, 60_000);
        expect(again.map((claimed) => claimed.attempt)).toEqual([2]);
      });

      it('keeps a claim alive when its lease is extended', async () => {
        await store.commit(declaration({ effects: [{ type: 'channel.create' }] }));
        const [claimed] = await store.claimEffects(T0, 10, 60_000);
        await store.extendLeases([claimed!], at(5));
        expect(await store.claimEffects(at(2), 10, 60_000)).toEqual([]);
        expect((await store.claimEffects(at(5), 10, 60_000)).map((effect) => effect.attempt)).toEqual([2]);
      });

      it('holds a retried effect, and what follows it, until it is due', async () => {
        await store.commit(declaration({ effects: [{ type: 'channel.create' }, { type: 'channel.topic' }] }));
        const [claimed] = await store.claimEffects(T0, 10, 60_000);
        expect(await store.retryEffect(claimed!, at(2), 'ratelimited')).toBe(true);
        expect(await store.claimEffects(at(1), 10, 60_000)).toEqual([]);
        expect(await store.nextEffectDueAt()).toBe(at(2));
        expect(
          (await store.claimEffects(at(2), 10, 60_000)).map((effect) => [effect.effect.type, effect.attempt]),
        ).toEqual([['channel.create', 2]]);
      });

      it('moves past an effect that failed for good, and counts it', async () => {
        await store.commit(declaration({ effects: [{ type: 'channel.create' }, { type: 'channel.topic' }] }));
        const [claimed] = await store.claimEffects(T0, 10, 60_000);
        expect(await store.failEffect(claimed!, T0, 'invalid_name')).toBe(true);
        expect((await store.claimEffects(T0, 10, 60_000)).map((effect) => effect.effect.type)).toEqual([
          'channel.topic',
        ]);
        expect(await store.outboxStats()).toEqual({ pending: 1, failed: 1, oldestPendingAt: T0 });
      });

      it('refuses to let a worker whose lease ran out finish, retry, fail or renew the effect', async () => {
        await store.commit(declaration({ effects: [{ type: 'channel.create' }, { type: 'channel.topic' }] }));
        const [stale] = await store.claimEffects(T0, 10, 60_000);
        const [current] = await store.claimEffects(at(1.01), 10, 60_000);
        expect(current!.id).toBe(stale!.id);
        expect(current!.lease).not.toBe(stale!.lease);
        expect(await store.completeEffect(stale!, at(1.02))).toBe(false);
        expect(await store.retryEffect(stale!, at(3), 'timeout')).toBe(false);
        expect(await store.failEffect(stale!, at(1.02), 'timeout')).toBe(false);
        await store.extendLeases([stale!], at(30));
        // The stale worker changed nothing: the effect is still the current worker's, until its lease ends.
        expect(await store.claimEffects(at(1.5), 10, 60_000)).toEqual([]);
        expect(await store.outboxStats()).toMatchObject({ pending: 2, failed: 0 });
        expect(await store.completeEffect(current!, at(1.5))).toBe(true);
        expect(await store.completeEffect(current!, at(1.5))).toBe(false);
        expect((await store.claimEffects(at(1.5), 10, 60_000)).map((claimed) => claimed.effect.type)).toEqual(
          ['channel.topic'],
        );
      });

      it('reports an empty outbox', async () => {
        expect(await store.outboxStats()).toEqual({ pending: 0, failed: 0 });
        expect(await store.nextEffectDueAt()).toBeUndefined();
      });
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
    describe('deployments and pushed commits', () => {
      const deployment = (overrides: Partial<NewDeployment> = {}): NewDeployment => ({
        key: 'github:1',
        service: 'payments',
        mapped: true,
        repository: 'acme/payments-api',
        environment: 'production',
        sha: 'a1b2c3d4e5f6',
        status: 'success',
        finishedAt: at(30),
        creator: 'dana',
        source: 'github',
        changes: [{ sha: 'a1b2c3d4e5f6', committedAt: at(0), author: 'dana' }],
        ...overrides,
      });

      it('records a deployment, numbering it D-1, and gives it back as recorded', async () => {
        const { deployment: stored, created } = await store.recordDeployment({
          deployment: deployment({ startedAt: at(20) }),
          recordedAt: at(31),
        });
        expect(created).toBe(true);
        expect(stored).toEqual({ ...deployment({ startedAt: at(20) }), id: 'D-1', recordedAt: at(31) });
        expect(await store.deployments({})).toEqual([stored]);
      });

      it('keeps what is not known unknown: no repository, creator, start or changes', async () => {
        const bare: NewDeployment = {
          key: 'cli:payments:production:abc1',
          service: 'payments',
          mapped: true,
          environment: 'production',
          sha: 'abc1',
          status: 'failure',
          finishedAt: at(30),
          source: 'cli',
        };
        const { deployment: stored } = await store.recordDeployment({ deployment: bare, recordedAt: at(31) });
        expect(stored).toEqual({ ...bare, id: 'D-1', recordedAt: at(31) });
      });

      it('records a key once: the second report gives back the first deployment, created false', async () => {
        const first = await store.recordDeployment({ deployment: deployment(), recordedAt: at(31) });
        const again = await store.recordDeployment({
          deployment: deployment({ creator: 'someone-else' }),
          recordedAt: at(40),
        });
        expect(again).toEqual({ deployment: first.deployment, created: false });
        expect(await store.deployments({})).toHaveLength(1);
        // A repeat uses up no number.
        const next = await store.recordDeployment({
          deployment: deployment({ key: 'github:2' }),
          recordedAt: at(41),
        });
        expect(next.deployment.id).toBe('D-2');
      });

      it('refuses a repeated delivery id (DUPLICATE) and writes nothing with it', async () => {
        const marker = { source: 'github-delivery', key: 'd-1' };
        await store.recordDeployment({ deployment: deployment(), recordedAt: at(31), seen: [marker] });
        await expect(
          store.recordDeployment({
            deployment: deployment({ key: 'github:2', sha: 'ffff0000' }),
            recordedAt: at(32),
            seen: [marker],
          }),
        ).rejects.toMatchObject({ code: 'DUPLICATE' });
        expect((await store.deployments({})).map((d) => d.key)).toEqual(['github:1']);
        expect(await store.seen(marker)).toBe(true);
      });

      it('finds deployments newest first, by window, service, environments, status and ref', async () => {
        const write = (overrides: Partial<NewDeployment>) =>
          store.recordDeployment({ deployment: deployment(overrides), recordedAt: at(100) });
        await write({ key: 'k1', sha: '1111aaaa', finishedAt: at(10) });
        await write({ key: 'k2', sha: '2222bbbb', finishedAt: at(20), environment: 'staging' });
        await write({ key: 'k3', sha: '3333cccc', finishedAt: at(30), service: 'search' });
        await write({ key: 'k4', sha: '4444dddd', finishedAt: at(40), status: 'failure' });
        const keys = async (query: DeploymentQuery) => (await store.deployments(query)).map((d) => d.key);
        expect(await keys({})).toEqual(['k4', 'k3', 'k2', 'k1']);
        expect(await keys({ since: at(20), until: at(40) })).toEqual(['k3', 'k2']);
        expect(await keys({ service: 'payments' })).toEqual(['k4', 'k2', 'k1']);
        expect(await keys({ environments: ['production'] })).toEqual(['k4', 'k3', 'k1']);
        expect(await keys({ environments: ['production', 'staging'], status: 'success' })).toEqual([
          'k3',
          'k2',
          'k1',
        ]);
        expect(await keys({ ref: '2222' })).toEqual(['k2']);
        expect(await keys({ ref: '2222BBBB' })).toEqual(['k2']);
        expect(await keys({ ref: 'D-3' })).toEqual(['k3']);
        expect(await keys({ ref: 'nothing like a sha' })).toEqual([]);
        expect(await keys({ limit: 1 })).toEqual(['k4']);
      });

      it('gives the commits pushed after one sha up to another, in push order', async () => {
        const c = (sha: string, minute: number) => ({ sha, committedAt: at(minute), author: 'dana' });
        const push = (changes: Change[], repository = 'acme/payments-api') =>
          store.recordPush({ repository, changes, recordedAt: at(100) });
        expect(await push([c('aaa1', 1), c('aaa2', 2)])).toBe(2);
        expect(await push([c('bbb1', 3), c('bbb2', 4), c('bbb3', 5)])).toBe(3);
        expect(await push([c('ccc1', 6)], 'acme/other')).toBe(1);
        // A sha pushed again (a branch merged) keeps its first place.
        expect(await push([c('aaa2', 2), c('ddd1', 7)])).toBe(1);
        const shas = (changes: Change[] | undefined) => changes?.map((change) => change.sha);
        expect(shas(await store.pushedChanges('acme/payments-api', 'bbb2', 'aaa2'))).toEqual([
          'bbb1',
          'bbb2',
        ]);
        expect(shas(await store.pushedChanges('acme/payments-api', 'ddd1', 'aaa1'))).toEqual([
          'aaa2',
          'bbb1',
          'bbb2',
          'bbb3',
          'ddd1',
        ]);
        // With no earlier deployment known: the push that brought it, up to it.
        expect(shas(await store.pushedChanges('acme/payments-api', 'bbb2'))).toEqual(['bbb1', 'bbb2']);
        expect(shas(await store.pushedChanges('acme/payments-api', 'bbb2', 'unknown'))).toEqual([
          'bbb1',
          'bbb2',
        ]);
        expect(await store.pushedChanges('acme/payments-api', 'ccc1')).toBeUndefined();
        expect(await store.pushedChanges('acme/other', 'ccc1')).toEqual([c('ccc1', 6)]);
      });

      it('refuses a repeated push delivery (DUPLICATE)', async () => {
        const marker = { source: 'github-delivery', key: 'p-1' };
        const write = { repository: 'r', changes: [{ sha: 'abcd', committedAt: at(1) }], recordedAt: at(2) };
        await store.recordPush({ ...write, seen: [marker] });
        await expect(store.recordPush({ ...write, seen: [marker] })).rejects.toMatchObject({
          code: 'DUPLICATE',
        });
      });

      it('keeps the cause of an incident as a report column', async () => {
        const first = await store.commit(declaration());
        const cause = { deploymentId: 'D-7', sha: 'abcd', service: 'payments', finishedAt: at(-10) };
        await store.commit(change(first.incident, 1, [{ kind: 'cause_linked', cause }]));
        expect((await store.reportRows({ viewer: 'ann' }))[0]?.causedBy).toBe('D-7');
        await store.commit(declaration());
        expect((await store.reportRows({ viewer: 'ann', withCause: true })).map((row) => row.id)).toEqual([
          'INC-1',
        ]);
        expect(await store.reportRows({ viewer: 'ann' })).toHaveLength(2);
        const linked = (await store.load('INC-1'))!;
        await store.commit(change(linked.incident, 2, [{ kind: 'cause_removed', previous: cause }]));
        const rows = await store.reportRows({ viewer: 'ann' });
        expect(rows.find((row) => row.id === 'INC-1')?.causedBy).toBeNull();
        expect(await store.reportRows({ viewer: 'ann', withCause: true })).toEqual([]);
      });

      it('keeps whether an incident was recorded after the fact, in report rows and as a filter', async () => {
        await store.commit(declaration());
        const past = recordPastIncident(
          2,
          {
            title: 'Old outage',
            severity: 'SEV2',
            via: 'import',
            impactStartedAt: at(-600),
            resolvedAt: at(-500),
          },
          T0,
        );
        await store.commit({
          expectedVersion: 0,
          recordedAt: T0,
          decide(number) {
            const events = past.map((event) => ({ ...event, number, actor: 'system:cli' }) as NewEvent);
            return { incident: evolveAll(undefined, events), events };
          },
        });
        const rows = await store.reportRows({ viewer: 'ann' });
        expect(rows.map((row) => [row.id, row.recorded])).toEqual(
          expect.arrayContaining([
            ['INC-1', false],
            ['INC-2', true],
          ]),
        );
        // Neither its detection nor its declaration was given: stand-ins, which reports must not measure.
        expect(rows.find((row) => row.id === 'INC-2')).toMatchObject({
          detectedAt: null,
          declaredAt: Date.parse(at(-600)),
          declarationKnown: false,
        });
        expect(rows.find((row) => row.id === 'INC-1')).toMatchObject({ declarationKnown: true });
        expect((await store.load('INC-2'))?.incident.unknownMilestones).toEqual(['detectedAt', 'declaredAt']);
        const recorded = await store.list({ viewer: 'ann', recorded: true });
        expect(recorded.map((incident) => incident.id)).toEqual(['INC-2']);
        expect(recorded[0]?.recordedAfterTheFact).toBe(true);
        expect((await store.list({ viewer: 'ann', recorded: false })).map((incident) => incident.id)).toEqual(
          ['INC-1'],
        );
      });
    });
  });
}

/**
 * What must hold when two store instances share one database (two replicas, or two connections):
 * the database, not the process, decides who wins.
 */
export function describeSharedStoreContract(
  name: string,
  openTwo: () => Promise<[IncidentStore, IncidentStore]>,
): void {
  describe(`${name}: two instances on one database`, () => {
    let one: IncidentStore;
    let two: IncidentStore;
    beforeEach(async () => {
      [one, two] = await openTwo();
    });
    afterEach(async () => {
      await one.close();
      await two.close();
    });

    it('numbers incidents declared through both without a gap or a repeat', async () => {
      const stored = await Promise.all(
        Array.from({ length: 20 }, (_, index) => (index % 2 ? one : two).commit(declaration())),
      );
      expect(stored.map((change) => change.incident.number).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, index) => index + 1),
      );
    });

    it('lets one of two conflicting commits win', async () => {
      const first = await one.commit(declaration());
      const results = await Promise.allSettled([
        one.commit(change(first.incident, 1, [{ kind: 'update_posted', text: 'from one' }])),
        two.commit(change(first.incident, 1, [{ kind: 'update_posted', text: 'from two' }])),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(results.find((result) => result.status === 'rejected')).toMatchObject({
        reason: { code: 'CONFLICT' },
      });
      expect(await one.timeline('INC-1')).toHaveLength(2);
    });

    it('records a delivery once when both handle it at the same moment', async () => {
      const marker = { source: 'pagerduty-webhook', key: 'W1' };
      const results = await Promise.allSettled([
        one.commit(declaration({ seen: [marker] })),
        two.commit(declaration({ seen: [marker] })),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(results.find((result) => result.status === 'rejected')).toMatchObject({
        reason: { code: 'DUPLICATE' },
      });
      expect(await two.list({ viewer: 'ann' })).toHaveLength(1);
    });

    it('hands each effect to one of them, lanes in order', async () => {
      for (let count = 0; count < 5; count++)
        await one.commit(declaration({ effects: [{ type: 'channel.create' }, { type: 'channel.topic' }] }));
      const [a, b] = await Promise.all([one.claimEffects(T0, 10, 60_000), two.claimEffects(T0, 10, 60_000)]);
      const claimed = [...a, ...b];
      expect(claimed.map((effect) => effect.effect.type)).toEqual(Array(5).fill('channel.create'));
      expect(new Set(claimed.map((effect) => effect.id)).size).toBe(5);
      for (const effect of a) expect(await one.completeEffect(effect, T0)).toBe(true);
      for (const effect of b) expect(await two.completeEffect(effect, T0)).toBe(true);
      const next = await two.claimEffects(T0, 10, 60_000);
      expect(next.map((effect) => effect.effect.type)).toEqual(Array(5).fill('channel.topic'));
    });

    it('refuses a stale claim from one after the other took the effect over', async () => {
      await one.commit(declaration({ effects: [{ type: 'channel.create' }] }));
      const [stale] = await one.claimEffects(T0, 10, 60_000);
      const [current] = await two.claimEffects(at(1.01), 10, 60_000);
      expect(current!.id).toBe(stale!.id);
      expect(await one.completeEffect(stale!, at(1.02))).toBe(false);
      expect(await two.completeEffect(current!, at(1.02))).toBe(true);
      expect(await one.outboxStats()).toEqual({ pending: 0, failed: 0 });
    });
  });
}
