import { describe, expect, it } from 'vitest';
import { incidentDurations } from '../../src/domain/durations.js';
import { recordDeployment } from '../../src/usecases/record-deployment.js';
import { actor, drainEffects, incident, run, testDeps, textOf } from '../support/harness.js';

const NOW = '2026-11-26T15:00:00Z';

function setUp() {
  const deps = testDeps();
  deps.clock.set(NOW);
  return deps;
}

describe('an incident recorded after the fact', () => {
  it('is resolved from the start, with impact from `from` to `to` read in their zones', async () => {
    const deps = setUp();
    const reply = textOf(
      await run(
        deps,
        'record sev2 service:payments Card payments failing from:2017-02-28T09:37[America/Los_Angeles] to:2017-02-28T11:02-08:00',
      ),
    );
    expect(reply).toContain('Recorded INC-1 SEV2 on payments after the fact: Card payments failing.');
    expect(reply).toContain('(1h 25m), resolved.');
    expect(reply).toContain('No channel, no page, no announcement.');
    const recorded = await incident(deps);
    expect(recorded).toMatchObject({
      status: 'resolved',
      severity: 'SEV2',
      service: 'payments',
      recordedAfterTheFact: true,
      roles: { commander: 'alice' },
      milestones: {
        impactStartedAt: '2017-02-28T17:37:00.000Z',
        detectedAt: '2017-02-28T17:37:00.000Z',
        declaredAt: '2017-02-28T17:37:00.000Z',
        resolvedAt: '2017-02-28T19:02:00.000Z',
      },
    });
    // Unknown stays unknown: resolving does not invent a mitigation or an acknowledgement, and the
    // stand-in detection and declaration measure nothing.
    expect(recorded.milestones.mitigatedAt).toBeUndefined();
    expect(recorded.milestones.acknowledgedAt).toBeUndefined();
    expect(recorded.unknownMilestones).toEqual(['detectedAt', 'declaredAt']);
    expect(incidentDurations(recorded)).toEqual({ ttr: 85 * 60_000 });
    // Once someone says when it was detected, TTD is measured; the declaration stays a stand-in.
    await run(deps, 'set INC-1 detected 2017-02-28T09:47[America/Los_Angeles]');
    const corrected = await incident(deps);
    expect(corrected.unknownMilestones).toEqual(['declaredAt']);
    expect(incidentDurations(corrected)).toEqual({ ttd: 10 * 60_000, ttr: 85 * 60_000 });
    // No reminders for something long over.
    expect(recorded.reminders).toEqual({});
  });

  it('opens no channel, pages nobody, announces nothing: only its postmortem draft is written', async () => {
    const deps = testDeps({ settings: { announceChannel: 'C-ANNOUNCE' } });
    deps.clock.set(NOW);
    await run(deps, 'record sev1 service:payments Checkout down from:09:00 to:10:30');
    expect(await drainEffects(deps.store)).toEqual(['postmortem.publish']);
    // Corrections and links later tell no channel either.
    await run(deps, 'set INC-1 detected 09:05');
    expect(await drainEffects(deps.store)).toEqual([]);
  });

  it('reads HH:MM as the most recent such time in the person’s zone', async () => {
    const deps = setUp();
    // 15:00 UTC is 16:00 in Paris: 23:10 is yesterday evening, 00:20 early this morning.
    await run(
      deps,
      'record Overnight batch stuck from:23:10 to:00:20',
      actor('alice', undefined, 'Europe/Paris'),
    );
    expect((await incident(deps)).milestones).toMatchObject({
      impactStartedAt: '2026-11-25T22:10:00.000Z',
      resolvedAt: '2026-11-25T23:20:00.000Z',
    });
  });

  it('refuses times out of order or in the future, with the same words as a correction', async () => {
    const deps = setUp();
    await expect(
      run(deps, 'record Backwards from:2026-11-26T10:00Z to:2026-11-26T09:00Z'),
    ).rejects.toMatchObject({
      code: 'MILESTONE_ORDER',
      message: expect.stringContaining('would make a duration negative'),
    });
    await expect(
      run(deps, 'record Tomorrow from:2026-11-26T10:00Z to:2026-11-27T09:00Z'),
    ).rejects.toMatchObject({
      code: 'INVALID_TIME',
      message: expect.stringContaining('is in the future'),
    });
    await expect(run(deps, 'record No end from:10:00')).rejects.toMatchObject({
      code: 'USAGE',
      message: 'Say when it was resolved: to:TIME.',
    });
    await expect(
      run(deps, 'record Bad zone from:2017-02-28T09:37[Mars/Base] to:2017-02-28T10:37Z'),
    ).rejects.toMatchObject({ code: 'INVALID_TIME', message: '"Mars/Base" is not a time zone I know.' });
    await expect(deps.store.load('INC-1')).resolves.toBeUndefined();
  });

  it('suggests the deployment shipped before impact, as declare does', async () => {
    const deps = setUp();
    await recordDeployment(
      deps,
      {
        service: 'payments',
        environment: 'production',
        sha: 'abc12345',
        status: 'success',
        finishedAt: '2026-11-26T08:48:00Z',
        creator: 'dana',
      },
      { source: 'cli' },
    );
    const reply = textOf(await run(deps, 'record service:payments Refunds failing from:09:00 to:09:40'));
    expect(reply).toContain('payments was deployed 12m before impact: abc1234 by @dana — was it this?');
    expect(reply).toContain('/incident cause INC-1 deploy:abc1234');
  });

  it('cannot be reopened: it has no channel to run a response in', async () => {
    const deps = setUp();
    await run(deps, 'record Old outage from:09:00 to:10:00');
    await expect(run(deps, 'reopen INC-1 it is back')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('was recorded after the fact'),
    });
  });
});

describe('reports with incidents recorded after the fact', () => {
  it('count them and say how many, unless live-only leaves them out', async () => {
    const deps = setUp();
    for (const [sha, at] of [
      ['aaa11111', '2026-11-20T09:00:00Z'],
      ['bbb22222', '2026-11-21T09:00:00Z'],
    ] as const)
      await recordDeployment(
        deps,
        { service: 'payments', environment: 'production', sha, status: 'success', finishedAt: at },
        { source: 'cli' },
      );
    // A live incident caused by D-1, resolved after 30 minutes; a recorded one caused by D-2, 90 minutes.
    deps.clock.set('2026-11-22T10:00:00Z');
    await run(deps, 'declare service:payments Live one');
    await run(deps, 'cause INC-1 deploy:D-1');
    deps.clock.advance('30m');
    await run(deps, 'resolve INC-1');
    deps.clock.set(NOW);
    await run(deps, 'record service:payments Found later from:2026-11-21T10:00Z to:2026-11-21T11:30Z');
    await run(deps, 'cause INC-2 deploy:D-2');

    const dora = textOf(await run(deps, 'dora 30d'));
    expect(dora).toMatch(/Change failure rate +100% \(2 of 2 caused an incident\)/);
    // Recovery: [30, 90] minutes, median 60.
    expect(dora).toMatch(/Failed deployment recovery time +median 1h +2/);
    expect(dora).toContain(
      '1 of these incidents was recorded after the fact; add live-only to leave them out.',
    );
    const live = textOf(await run(deps, 'dora 30d live-only'));
    expect(live).toMatch(/Change failure rate +50% \(1 of 2 caused an incident\)/);
    expect(live).toMatch(/Failed deployment recovery time +median 30m +1/);
    expect(live).toContain('Live incidents only: incidents recorded after the fact are left out.');

    const stats = textOf(await run(deps, 'stats 30d'));
    expect(stats).toContain('2 declared since');
    expect(stats).toContain('1 of these incidents was recorded after the fact');
    const liveStats = textOf(await run(deps, 'stats 30d live-only'));
    expect(liveStats).toContain('Incident stats, last 30d (live only)');
    expect(liveStats).toContain('1 declared since');
    expect(liveStats).toContain('Live incidents only: 1 recorded after the fact is left out.');
  });

  it('lists them with list recorded, and marks them so', async () => {
    const deps = setUp();
    await run(deps, 'record sev2 service:payments Found later from:2026-11-21T10:00Z to:2026-11-22T10:11Z');
    const listed = textOf(await run(deps, 'list recorded'));
    expect(listed).toContain('INC-1 SEV2');
    expect(listed).toContain(
      'impact 2026-11-21 10:00 UTC → 2026-11-22 10:11 UTC (24h 11m) · recorded after the fact',
    );
    expect(textOf(await run(deps, 'list'))).toContain('Open incidents (0)');
  });
});

describe('correcting any milestone with set', () => {
  it('sets detected, acknowledged, mitigated and resolved, in any zone form', async () => {
    const deps = setUp();
    await run(deps, 'record Old outage from:2017-02-28T09:00-08:00 to:2017-02-28T12:00-08:00');
    await run(deps, 'set INC-1 detected 2017-02-28T09:37[America/Los_Angeles]');
    await run(deps, 'set INC-1 acknowledged 2017-02-28 09:40 America/Los_Angeles');
    await run(deps, 'set INC-1 mitigated 2017-02-28T18:30Z');
    await run(deps, 'set INC-1 resolved 2017-02-28T11:45-08:00');
    expect((await incident(deps)).milestones).toMatchObject({
      impactStartedAt: '2017-02-28T17:00:00.000Z',
      detectedAt: '2017-02-28T17:37:00.000Z',
      // Recorded without a declaration, it follows the detection.
      declaredAt: '2017-02-28T17:37:00.000Z',
      acknowledgedAt: '2017-02-28T17:40:00.000Z',
      mitigatedAt: '2017-02-28T18:30:00.000Z',
      resolvedAt: '2017-02-28T19:45:00.000Z',
    });
  });

  it('refuses a resolution time on an incident that is not resolved, and one out of order', async () => {
    const deps = setUp();
    await run(deps, 'declare Live one');
    await expect(run(deps, 'set INC-1 resolved 14:50')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'INC-1 is investigating: it has no resolution time to correct.',
    });
    await run(deps, 'record Old outage from:2017-02-28T09:00Z to:2017-02-28T12:00Z');
    await expect(run(deps, 'set INC-2 resolved 2017-02-28T08:00Z')).rejects.toMatchObject({
      code: 'MILESTONE_ORDER',
    });
    // Detection moves the declaration of a recorded incident along, but not past its acknowledgement.
    await run(deps, 'set INC-2 acknowledged 2017-02-28T09:30Z');
    await expect(run(deps, 'set INC-2 detected 2017-02-28T09:45Z')).rejects.toMatchObject({
      code: 'MILESTONE_ORDER',
      message:
        'The detection at 2017-02-28 09:45 UTC would come after the acknowledgement at 2017-02-28 09:30 UTC, which would make a duration negative.',
    });
    await expect(
      run(deps, 'set INC-2 acknowledged 2017-02-28T09:37-07:00[America/Los_Angeles]'),
    ).rejects.toMatchObject({
      code: 'INVALID_TIME',
      message: expect.stringContaining("is not America/Los_Angeles's offset at that time (-08:00)"),
    });
  });
});
