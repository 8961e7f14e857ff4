import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReminderTicker } from '../../src/usecases/reminder-ticker.js';
import { run, type TestDeps, testDeps } from '../support/harness.js';

const EVERY = 15_000;

function logLines() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function remindersSent(deps: TestDeps): Promise<number> {
  return (await deps.store.timeline('INC-1')).filter((event) => event.kind === 'reminder_sent').length;
}

describe('the reminder ticker', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends what is due on each tick, once', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev1 Checkout down');
    const ticker = startReminderTicker({ deps, logger: logLines().logger, everyMs: EVERY });
    await vi.advanceTimersByTimeAsync(EVERY);
    expect(await remindersSent(deps)).toBe(0);
    // A SEV1 nobody leads: after 10 minutes, someone is asked to.
    deps.clock.advance('10m');
    await vi.advanceTimersByTimeAsync(EVERY);
    // The store settles a commit once its group is written, a turn of the event loop later.
    await vi.waitFor(async () => expect(await remindersSent(deps)).toBe(1));
    await vi.advanceTimersByTimeAsync(EVERY);
    expect(await remindersSent(deps)).toBe(1);
    ticker.stop();
  });

  it('logs a tick that failed and tries again on the next one', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev1 Checkout down');
    deps.clock.advance('10m');
    const due = deps.store.dueReminders.bind(deps.store);
    let failures = 1;
    deps.store.dueReminders = async (now, limit) => {
      if (failures-- > 0) throw new Error('database is locked');
      return due(now, limit);
    };
    const { logger, lines } = logLines();
    const ticker = startReminderTicker({ deps, logger, everyMs: EVERY });
    await vi.advanceTimersByTimeAsync(EVERY);
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, msg: 'reminders: tick failed; trying again on the next one' }),
    ]);
    expect(await remindersSent(deps)).toBe(0);
    await vi.advanceTimersByTimeAsync(EVERY);
    await vi.waitFor(async () => expect(await remindersSent(deps)).toBe(1));
    ticker.stop();
  });

  it('does not start a tick while the last one is still running', async () => {
    const deps = testDeps();
    let calls = 0;
    let release!: () => void;
    deps.store.dueReminders = async () => {
      calls += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return [];
    };
    const ticker = startReminderTicker({ deps, logger: logLines().logger, everyMs: EVERY });
    await vi.advanceTimersByTimeAsync(EVERY * 3);
    expect(calls).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(EVERY);
    expect(calls).toBe(2);
    ticker.stop();
  });

  it('stops ticking when stopped', async () => {
    const deps = testDeps();
    let calls = 0;
    deps.store.dueReminders = async () => {
      calls += 1;
      return [];
    };
    const ticker = startReminderTicker({ deps, logger: logLines().logger, everyMs: EVERY });
    await vi.advanceTimersByTimeAsync(EVERY * 2);
    ticker.stop();
    await vi.advanceTimersByTimeAsync(EVERY * 5);
    expect(calls).toBe(2);
  });
});

describe('how often Slack mode looks for reminders', () => {
  it('every 15 s, or twice per update interval when one is shorter, at most once a second', async () => {
    const { tickEvery } = await import('../../src/main.js');
    expect(tickEvery({ SEV1: 15 * 60_000, SEV2: 30 * 60_000 })).toBe(15_000);
    expect(tickEvery({ SEV1: 10_000, SEV2: 30 * 60_000 })).toBe(5_000);
    expect(tickEvery({ SEV1: 1_000 })).toBe(1_000);
    expect(tickEvery({})).toBe(15_000);
  });
});
