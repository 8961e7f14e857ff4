import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declare } from '../../src/domain/decisions.js';
import type { Effect } from '../../src/domain/effects.js';
import type { EventBody, NewEvent } from '../../src/domain/events.js';
import { evolveAll } from '../../src/domain/evolve.js';
import type { Incident } from '../../src/domain/incident.js';
import type { Commit, IncidentStore } from '../../src/domain/ports.js';
import { DEFAULT_REMINDER_POLICY, scheduleReminders } from '../../src/domain/reminders.js';

const T0 = '2026-11-26T14:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

function stamp(bodies: EventBody[], actor: string, when: string): NewEvent[] {
  return bodies.map((body) => ({ ...body, at: when, actor }));
}

function settle(incident: Incident): Incident {
  return { ...incident, reminders: scheduleReminders(incident, DEFAULT_REMINDER_POLICY) };
}

export function declaration(
  number: number,
  options: {
    private?: boolean;
    service?: string;
    severity?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
    by?: string;
    when?: string;
    effects?: Effect[];
  } = {},
): Commit {
  const when = options.when ?? T0;
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
  return {
    incident: settle(evolveAll(undefined, events)),
    expectedVersion: 0,
    events,
    effects: options.effects ?? [],
    recordedAt: when,
  };
}

export function change(
  incident: Incident,
  version: number,
  bodies: EventBody[],
  options: { by?: string; when?: string; effects?: Effect[] } = {},
): Commit {
  const when = options.when ?? at(5);
  const events = stamp(bodies, options.by ?? 'ann', when);
  return {
    incident: settle(evolveAll(incident, events)),
    expectedVersion: version,
    events,
    effects: options.effects ?? [],
    recordedAt: when,
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
      it('numbers incidents from 1', async () => {
        expect(await store.nextIncidentNumber()).toBe(1);
        await store.commit(declaration(1));
        expect(await store.nextIncidentNumber()).toBe(2);
      });

      it('stores the projection and the events together, with seq from 1', async () => {
        const commit = declaration(1);
        await store.commit(commit);
        const stored = await store.load('INC-1');
        expect(stored).toEqual({ incident: commit.incident, version: 1 });
        const timeline = await store.timeline('INC-1');
        expect(timeline).toEqual([{ ...commit.events[0], seq: 1, recordedAt: T0 }]);
        expect(await store.event('INC-1', 1)).toEqual(timeline[0]);
        expect(await store.event('INC-1', 2)).toBeUndefined();
        expect(await store.load('INC-2')).toBeUndefined();
      });

      it('appends at the version it was read at, and keeps seq strictly increasing', async () => {
        const first = declaration(1);
        await store.commit(first);
        await store.commit(
          change(first.incident, 1, [
            { kind: 'note_added', text: 'one', source: 'command' },
            { kind: 'update_posted', text: 'two' },
          ]),
        );
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

      it('lets exactly one of two writes from the same version win; the other gets CONFLICT', async () => {
        const first = declaration(1);
        await store.commit(first);
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

      it('a losing write leaves nothing behind: no events, no effects', async () => {
        const first = declaration(1);
        await store.commit(first);
        await store.commit(change(first.incident, 1, [{ kind: 'update_posted', text: 'a' }]));
        await expect(
          store.commit(
            change(first.incident, 1, [{ kind: 'update_posted', text: 'b' }], {
              effects: [{ type: 'cards.refresh' }],
            }),
          ),
        ).rejects.toMatchObject({ code: 'CONFLICT' });
        expect((await store.timeline('INC-1')).map((event) => event.kind)).toEqual([
          'declared',
          'update_posted',
        ]);
        expect((await store.outboxStats()).pending).toBe(0);
      });

      it('refuses a second incident with a number already taken', async () => {
        await store.commit(declaration(1));
        await expect(store.commit(declaration(1, { by: 'bob' }))).rejects.toMatchObject({ code: 'CONFLICT' });
        expect((await store.load('INC-1'))!.incident.declaredBy).toBe('ann');
      });

      it('accepts a commit with effects and no events, without changing the version', async () => {
        const first = declaration(1);
        await store.commit(first);
        await store.commit(change(first.incident, 1, [], { effects: [{ type: 'postmortem.publish' }] }));
        expect((await store.load('INC-1'))!.version).toBe(1);
        expect((await store.outboxStats()).pending).toBe(1);
      });
    });

    describe('queries', () => {
      beforeEach(async () => {
        await store.commit(declaration(1, { service: 'payments', severity: 'SEV1', when: at(0) }));
        await store.commit(declaration(2, { private: true, by: 'spy', when: at(60) }));
        const third = declaration(3, { service: 'database', severity: 'SEV3', when: at(120) });
        await store.commit(third);
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
            acknowledgedAt: null,
            mitigatedAt: Date.parse(at(180)),
            resolvedAt: Date.parse(at(180)),
          },
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
      it('keeps adapter refs per incident, overwritable and searchable', async () => {
        await store.commit(declaration(1));
        await store.setRef('INC-1', 'channel', 'C1');
        await store.setRef('INC-1', 'card', '1.1');
        await store.setRef('INC-1', 'card', '1.2');
        expect(await store.refs('INC-1')).toEqual({ channel: 'C1', card: '1.2' });
        expect(await store.findByRef('channel', 'C1')).toBe('INC-1');
        expect(await store.findByRef('channel', 'C2')).toBeUndefined();
      });

      it('remembers delivery ids', async () => {
        expect(await store.markSeen('slack', 'Ev1', T0)).toBe(true);
        expect(await store.markSeen('slack', 'Ev1', T0)).toBe(false);
        expect(await store.markSeen('pagerduty', 'Ev1', T0)).toBe(true);
        await store.forgetSeen('slack', 'Ev1');
        expect(await store.markSeen('slack', 'Ev1', T0)).toBe(true);
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
        await store.commit(declaration(1, { effects }));
        await store.commit(declaration(2, { effects: [{ type: 'channel.create' }] }));
        const first = await store.claimEffects(T0, 10, 60_000);
        expect(first.map((claimed) => [claimed.incidentId, claimed.effect.type, claimed.attempt])).toEqual([
          ['INC-1', 'channel.create', 1],
          ['INC-1', 'page.trigger', 1],
          ['INC-2', 'channel.create', 1],
        ]);
        // Held by their leases: nothing else of those lanes is handed out.
        expect(await store.claimEffects(T0, 10, 60_000)).toEqual([]);
        await store.completeEffect(first[0]!.id, T0);
        expect((await store.claimEffects(T0, 10, 60_000)).map((claimed) => claimed.effect.type)).toEqual([
          'channel.topic',
        ]);
      });

      it('takes an effect back after its lease expires (a worker died), counting the attempt', async () => {
        await store.commit(declaration(1, { effects: [{ type: 'channel.create' }] }));
        await store.claimEffects(T0, 10, 60_000);
        expect(await store.claimEffects(at(0.5), 10, 60_000)).toEqual([]);
        const again = await store.claimEffects(at(1.01), 10, 60_000);
        expect(again.map((claimed) => claimed.attempt)).toEqual([2]);
      });

      it('keeps a claim alive when its lease is extended', async () => {
        await store.commit(declaration(1, { effects: [{ type: 'channel.create' }] }));
        const [claimed] = await store.claimEffects(T0, 10, 60_000);
        await store.extendLeases([claimed!.id], at(5));
        expect(await store.claimEffects(at(2), 10, 60_000)).toEqual([]);
        expect((await store.claimEffects(at(5), 10, 60_000)).map((effect) => effect.attempt)).toEqual([2]);
      });

      it('holds a retried effect, and what follows it, until it is due', async () => {
        await store.commit(
          declaration(1, { effects: [{ type: 'channel.create' }, { type: 'channel.topic' }] }),
        );
        const [claimed] = await store.claimEffects(T0, 10, 60_000);
        await store.retryEffect(claimed!.id, at(2), 'ratelimited');
        expect(await store.claimEffects(at(1), 10, 60_000)).toEqual([]);
        expect(await store.nextEffectDueAt()).toBe(at(2));
        expect(
          (await store.claimEffects(at(2), 10, 60_000)).map((effect) => [effect.effect.type, effect.attempt]),
        ).toEqual([['channel.create', 2]]);
      });

      it('moves past an effect that failed for good, and counts it', async () => {
        await store.commit(
          declaration(1, { effects: [{ type: 'channel.create' }, { type: 'channel.topic' }] }),
        );
        const [claimed] = await store.claimEffects(T0, 10, 60_000);
        await store.failEffect(claimed!.id, T0, 'invalid_name');
        expect((await store.claimEffects(T0, 10, 60_000)).map((effect) => effect.effect.type)).toEqual([
          'channel.topic',
        ]);
        expect(await store.outboxStats()).toEqual({ pending: 1, failed: 1, oldestPendingAt: T0 });
      });

      it('reports an empty outbox', async () => {
        expect(await store.outboxStats()).toEqual({ pending: 0, failed: 0 });
        expect(await store.nextEffectDueAt()).toBeUndefined();
      });
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
