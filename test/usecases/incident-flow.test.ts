import { describe, expect, it } from 'vitest';
import { type Effect, type Lane, laneOf } from '../../src/domain/effects.js';
import { FirewatchError } from '../../src/domain/errors.js';
import { recordRefs } from '../../src/usecases/record-outcome.js';
import { actor, drainEffects, incident, run, testDeps, textOf } from '../support/harness.js';

async function pendingEffects(deps: ReturnType<typeof testDeps>) {
  const claimed = await deps.store.claimEffects('2100-01-01T00:00:00.000Z', 1000, 1);
  return claimed.map((effect) => effect.effect);
}

describe('declaring', () => {
  it('opens an incident with its timeline, projection and effects in one go', async () => {
    const deps = testDeps();
    const reply = await run(deps, 'declare sev2 service:payments Card payments timing out');
    expect(textOf(reply)).toContain('Declared ');
    expect(textOf(reply)).toContain('#inc-1-card-payments-timing-out');
    const declared = await incident(deps);
    expect(declared).toMatchObject({
      id: 'INC-1',
      severity: 'SEV2',
      service: 'payments',
      status: 'investigating',
      declaredBy: 'alice',
      roles: { commander: 'alice' },
    });
    expect((await deps.store.timeline('INC-1')).map((event) => event.kind)).toEqual(['declared']);
    const types = (await deps.store.claimEffects('2100-01-01T00:00:00.000Z', 100, 1)).map(
      (effect) => effect.effect.type,
    );
    expect(types).toEqual(['channel.create']); // the head of the chat lane; no pager is configured
  });

  it('records the whole chain of effects for a declaration, in order', async () => {
    const deps = testDeps({
      settings: { announceChannel: 'incidents' },
      pager: {
        trigger: async () => {},
        resolve: async () => {},
        onCall: async () => ({ now: [], next: [] }),
      },
    });
    await run(deps, 'declare sev1 service:payments Checkout down');
    // Effects run in order within their lane (chat, pager, on-call); the lanes run side by side, so
    // the order is compared lane by lane, in the order the worker is handed them.
    const drained = await drainEffects(deps.store);
    const lane = (name: Lane) => drained.filter((type) => laneOf({ type } as Effect) === name);
    expect(drained).toHaveLength(8);
    expect({ chat: lane('chat'), pager: lane('pager'), oncall: lane('oncall') }).toEqual({
      chat: [
        'channel.create',
        'channel.invite',
        'channel.topic',
        'card.post',
        'runbook.post',
        'announce.post',
      ],
      pager: ['page.trigger'],
      oncall: ['oncall.invite'],
    });
  });

  it('defaults to SEV3, takes aliases, and numbers incidents in order', async () => {
    const deps = testDeps();
    await run(deps, 'declare Something odd');
    await run(deps, 'declare service:checkout Checkout slow');
    expect(await incident(deps, 'INC-1')).toMatchObject({ severity: 'SEV3' });
    expect(await incident(deps, 'INC-2')).toMatchObject({ service: 'payments' });
  });

  it('refuses an unknown service, listing the known ones and the nearest', async () => {
    const deps = testDeps();
    await expect(run(deps, 'declare service:paymnts Checkout down')).rejects.toMatchObject({
      code: 'UNKNOWN_SERVICE',
      message: expect.stringContaining('Did you mean "payments"'),
      hint: expect.stringContaining('api-gateway, database, payments'),
    });
    expect(await deps.store.nextIncidentNumber()).toBe(1);
  });

  it('does not page when PagerDuty is not configured, and says so', async () => {
    const deps = testDeps();
    const reply = await run(deps, 'declare sev1 service:payments Checkout down');
    expect(textOf(reply)).toContain('PagerDuty is not configured');
    expect(await pendingEffects(deps)).not.toContainEqual({ type: 'page.trigger' });
  });
});

describe('running an incident', () => {
  async function declared() {
    const deps = testDeps();
    await run(deps, 'declare sev2 service:payments Card payments timing out');
    await recordRefs(deps, 'INC-1', { channel: 'C-INC-1' });
    return deps;
  }
  const inChannel = (user = 'alice') => actor(user, 'C-INC-1');

  it('implies the incident in its channel, and asks for one elsewhere', async () => {
    const deps = await declared();
    await run(deps, 'note Stripe confirmed an outage', inChannel());
    await expect(run(deps, 'note hello', actor('alice', 'C-GENERAL'))).rejects.toMatchObject({
      code: 'NO_INCIDENT_HERE',
      hint: expect.stringContaining('INC-42'),
    });
    await run(deps, 'note INC-1 from elsewhere', actor('alice', 'C-GENERAL'));
    expect((await deps.store.timeline('INC-1')).filter((event) => event.kind === 'note_added')).toHaveLength(
      2,
    );
  });

  it('walks the lifecycle and keeps the milestones', async () => {
    const deps = await declared();
    deps.clock.advance('5m');
    await run(deps, 'assign commander @bob', inChannel());
    deps.clock.advance('10m');
    await run(deps, 'status monitoring Failed over to Adyen', inChannel('bob'));
    deps.clock.advance('20m');
    const reply = await run(deps, 'resolve Stripe is back', inChannel('bob'));
    expect(textOf(reply)).toContain('resolved after 35m');
    const resolved = await incident(deps);
    expect(resolved.milestones).toEqual({
      impactStartedAt: '2026-11-26T14:00:00.000Z',
      detectedAt: '2026-11-26T14:00:00.000Z',
      declaredAt: '2026-11-26T14:00:00.000Z',
      acknowledgedAt: '2026-11-26T14:05:00.000Z',
      mitigatedAt: '2026-11-26T14:15:00.000Z',
      resolvedAt: '2026-11-26T14:35:00.000Z',
    });
    await run(deps, 'close', inChannel('bob'));
    await expect(run(deps, 'status investigating', inChannel('bob'))).rejects.toMatchObject({
      code: 'INCIDENT_CLOSED',
    });
  });

  it('explains an illegal transition and writes nothing', async () => {
    const deps = await declared();
    await expect(run(deps, 'close', inChannel())).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      hint: expect.stringContaining('identified, monitoring, resolved'),
    });
    expect((await deps.store.load('INC-1'))!.version).toBe(1);
  });

  it('lets one of two people resolving at once win and tells the other it already happened', async () => {
    const deps = await declared();
    const results = await Promise.allSettled([
      run(deps, 'resolve', inChannel('alice')),
      run(deps, 'resolve', inChannel('bob')),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')!;
    expect(loser.reason).toBeInstanceOf(FirewatchError);
    expect(loser.reason).toMatchObject({
      code: 'ALREADY_IN_STATUS',
      message: expect.stringContaining('already resolved'),
    });
    const timeline = await deps.store.timeline('INC-1');
    expect(timeline.filter((event) => event.kind === 'resolved')).toHaveLength(1);
    expect(
      (await pendingEffects(deps)).filter((effect) => effect.type === 'postmortem.publish'),
    ).toHaveLength(0); // behind channel.create in the lane
  });

  it('reads HH:MM in the person’s zone when correcting milestones', async () => {
    const deps = await declared();
    deps.clock.advance('1h');
    await run(deps, 'set impact-start 14:40', { user: 'alice', channel: 'C-INC-1', zone: 'Europe/Paris' });
    expect((await incident(deps)).milestones.impactStartedAt).toBe('2026-11-26T13:40:00.000Z');
    await expect(run(deps, 'set detected 13:30', inChannel())).rejects.toMatchObject({
      code: 'MILESTONE_ORDER',
    });
  });

  it('keeps follow-ups with owners and due dates, even after closing', async () => {
    const deps = await declared();
    await run(deps, 'action Alert on PSP latency @carol due:2026-12-01', inChannel());
    await run(deps, 'resolve', inChannel());
    await run(deps, 'close', inChannel());
    await run(deps, 'action Write the failover runbook', inChannel());
    await run(deps, 'done A1', inChannel('carol'));
    expect(textOf(await run(deps, 'actions', inChannel()))).toContain('1 open of 2');
    await expect(run(deps, 'done A1', inChannel())).rejects.toMatchObject({ code: 'ACTION_ALREADY_DONE' });
    await expect(run(deps, 'done A9', inChannel())).rejects.toMatchObject({
      code: 'ACTION_NOT_FOUND',
      hint: expect.stringContaining('A1, A2'),
    });
  });

  it('hides a private incident from people outside it', async () => {
    const deps = testDeps();
    await run(deps, 'declare private sev2 Suspicious logins', actor('sam'));
    await run(deps, 'declare sev3 Slow search', actor('sam'));
    expect(textOf(await run(deps, 'list', actor('sam')))).toContain('Suspicious logins');
    const others = textOf(await run(deps, 'list', actor('eve')));
    expect(others).not.toContain('Suspicious logins');
    expect(others).toContain('Slow search');
    await expect(run(deps, 'note INC-1 hi', actor('eve'))).rejects.toMatchObject({
      code: 'INCIDENT_NOT_FOUND',
    });
    await run(deps, 'assign INC-1 scribe @eve', actor('sam'));
    expect(textOf(await run(deps, 'list', actor('eve')))).toContain('Suspicious logins');
  });
});
