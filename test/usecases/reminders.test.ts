import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIREWATCH } from '../../src/domain/actors.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { recordEffectOutcome } from '../../src/usecases/record-outcome.js';
import { sendDueReminders } from '../../src/usecases/send-reminders.js';
import { actor, run, testDeps } from '../support/harness.js';
import { tempDir } from '../support/temp.js';

async function reminders(deps: ReturnType<typeof testDeps>) {
  return (await deps.store.timeline('INC-1'))
    .filter((event) => event.kind === 'reminder_sent')
    .map((event) => (event.kind === 'reminder_sent' ? event.reminder : ''));
}

describe('update reminders', () => {
  it('nudges the commander when an incident goes quiet for its severity’s interval, then again each interval', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev3 Search is slow');
    deps.clock.advance('119m');
    expect(await sendDueReminders(deps)).toBe(0);
    deps.clock.advance('1m');
    expect(await sendDueReminders(deps)).toBe(1);
    expect(await sendDueReminders(deps)).toBe(0);
    deps.clock.advance('2h');
    expect(await sendDueReminders(deps)).toBe(1);
    expect(await reminders(deps)).toEqual(['update', 'update']);
    const [nudge] = (await deps.store.timeline('INC-1')).filter((event) => event.kind === 'reminder_sent');
    expect(nudge?.actor).toBe(FIREWATCH);
  });

  it('resets the clock on an update or a status change', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev3 Search is slow');
    deps.clock.advance('100m');
    await run(deps, 'update INC-1 Found a slow query');
    deps.clock.advance('100m');
    expect(await sendDueReminders(deps)).toBe(0);
    await run(deps, 'status INC-1 identified');
    deps.clock.advance('119m');
    expect(await sendDueReminders(deps)).toBe(0);
    deps.clock.advance('1m');
    expect(await sendDueReminders(deps)).toBe(1);
  });

  it('stops for resolved incidents and never nudges a SEV4', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev4 Typo on the status page');
    await run(deps, 'declare sev3 Slow search');
    await run(deps, 'resolve INC-2');
    deps.clock.advance('1d');
    expect(await sendDueReminders(deps)).toBe(0);
  });

  it('asks who is leading a major incident still led by its declarer after 10 minutes, once', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev1 Checkout down');
    await run(deps, 'declare sev1 API down');
    await run(deps, 'assign INC-2 commander @bob');
    deps.clock.advance('10m');
    expect(await sendDueReminders(deps)).toBe(1);
    expect(await reminders(deps)).toEqual(['lead']);
    deps.clock.advance('5m');
    await sendDueReminders(deps);
    expect(await reminders(deps)).toEqual(['lead', 'update']);
  });

  it('reminds the commander of an untouched postmortem five days after resolving', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev3 Search is slow');
    await run(deps, 'resolve INC-1');
    deps.clock.advance('4d');
    expect(await sendDueReminders(deps)).toBe(0);
    deps.clock.advance('1d');
    expect(await sendDueReminders(deps)).toBe(1);
    deps.clock.advance('5d');
    expect(await sendDueReminders(deps)).toBe(0);
    expect(await reminders(deps)).toEqual(['postmortem']);
  });

  it('does not remind about a postmortem someone regenerated or an incident that is closed', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev3 One');
    await run(deps, 'declare sev3 Two');
    await run(deps, 'resolve INC-1');
    await run(deps, 'resolve INC-2');
    const stored = (await deps.store.load('INC-1'))!;
    const now = deps.clock.now().toISOString();
    await deps.store.commit({
      id: 'INC-1',
      expectedVersion: stored.version,
      recordedAt: now,
      decide: () => ({
        incident: { ...stored.incident, postmortem: { generatedAt: now, by: 'alice' }, reminders: {} },
        events: [{ kind: 'postmortem_generated', fallback: false, at: now, actor: 'alice' }],
      }),
    });
    await run(deps, 'close INC-2');
    deps.clock.advance('6d');
    expect(await sendDueReminders(deps)).toBe(0);
  });

  it('survives a restart: the due time lives in the database', async () => {
    const file = path.join(tempDir(), 'firewatch.db');
    const before = testDeps({ store: SqliteStore.open(file) });
    await run(before, 'declare sev2 Checkout slow', actor('alice'));
    await run(before, 'assign INC-1 commander @bob');
    await before.store.close();
    const after = testDeps({ store: SqliteStore.open(file), clock: before.clock });
    after.clock.advance('30m');
    expect(await sendDueReminders(after)).toBe(1);
    expect((await after.store.timeline('INC-1')).at(-1)).toMatchObject({
      kind: 'reminder_sent',
      reminder: 'update',
    });
    await after.store.close();
  });

  it('is claimed by one sender when two race for it', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev3 Search is slow');
    deps.clock.advance('2h');
    const [a, b] = await Promise.all([sendDueReminders(deps), sendDueReminders(deps)]);
    expect(a + b).toBe(1);
    expect(await reminders(deps)).toEqual(['update']);
  });
});

describe('the P0 follow-up the error-budget policy requires', () => {
  it('asks again every day until a P0 follow-up exists, even once resolved', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev2 service:payments Checkout failing');
    await run(deps, 'action INC-1 p1 Tune the PSP timeout');
    await run(deps, 'resolve INC-1');
    await recordEffectOutcome(deps, 'INC-1', {
      kind: 'postmortem_written',
      path: 'pm.md',
      fallback: false,
      p0Required: true,
    });
    deps.clock.advance('23h');
    expect(await sendDueReminders(deps)).toBe(0);
    deps.clock.advance('1h');
    expect(await sendDueReminders(deps)).toBe(1);
    deps.clock.advance('1d');
    expect(await sendDueReminders(deps)).toBe(1);
    expect(await reminders(deps)).toEqual(['p0', 'p0']);
    await run(deps, 'action INC-1 P0 Circuit breaker on the PSP client');
    // Two more days (short of the postmortem reminder, five days after resolving): nothing.
    deps.clock.advance('2d');
    expect(await sendDueReminders(deps)).toBe(0);
  });

  it('is not asked for when the draft says nothing about it', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev2 service:payments Checkout failing');
    await run(deps, 'resolve INC-1');
    await recordEffectOutcome(deps, 'INC-1', { kind: 'postmortem_written', path: 'pm.md', fallback: false });
    deps.clock.advance('2d');
    expect(await sendDueReminders(deps)).toBe(0);
  });
});
