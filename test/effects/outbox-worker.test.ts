import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Effect } from '../../src/domain/effects.js';
import type { ClaimedEffect } from '../../src/domain/ports.js';
import { toInstant } from '../../src/domain/time.js';
import { EffectError } from '../../src/effects/effect-error.js';
import {
  BUSY_START_INTERVAL_MS,
  type EffectRunner,
  OutboxWorker,
  type OutboxWorkerOptions,
  type RetryPolicy,
} from '../../src/effects/outbox-worker.js';
import { wakeOnEffects } from '../../src/effects/wake-on-effects.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { declaration } from '../store/store-contract.js';
import { ManualClock } from '../support/clock.js';

const T0 = '2026-11-26T14:00:00.000Z';
const RETRY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  maxAgeMs: 60 * 60_000,
  maxUnexpectedAttempts: 3,
};

/** A runner told what to do with each attempt, recording what it was asked to run. */
class ScriptedRunner implements EffectRunner {
  readonly attempts: Array<{ type: string; attempt: number }> = [];
  readonly failures: Array<{ message: string; final: boolean }> = [];
  constructor(private readonly next: (effect: ClaimedEffect) => Promise<void> = async () => {}) {}
  async run(effect: ClaimedEffect): Promise<void> {
    this.attempts.push({ type: effect.effect.type, attempt: effect.attempt });
    await this.next(effect);
  }
  async failed(_effect: ClaimedEffect, error: Error, final: boolean): Promise<void> {
    this.failures.push({ message: error.message, final });
  }
}

function logLines() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function setUp(
  runner: ScriptedRunner,
  effects: Effect[] = [{ type: 'channel.create' }],
  options: Partial<OutboxWorkerOptions> = {},
) {
  const clock = new ManualClock(T0);
  const store = SqliteStore.open(':memory:');
  await store.commit(declaration({ when: T0, effects }));
  const { logger, lines } = logLines();
  const worker = new OutboxWorker({
    store,
    clock,
    runner,
    logger,
    retry: RETRY,
    random: () => 0.5,
    ...options,
  });
  return { clock, store, worker, lines };
}

/** How long from now the outbox will next hand the effect out. */
async function dueIn(store: SqliteStore, clock: ManualClock): Promise<number | undefined> {
  const next = await store.nextEffectDueAt();
  return next === undefined ? undefined : Date.parse(next) - clock.now().getTime();
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the outbox worker', () => {
  it('runs each incident’s effects in order and marks them done', async () => {
    const runner = new ScriptedRunner();
    const { worker, store } = await setUp(runner, [
      { type: 'channel.create' },
      { type: 'channel.topic' },
      { type: 'card.post' },
    ]);
    await worker.drain();
    expect(runner.attempts.map((attempt) => attempt.type)).toEqual([
      'channel.create',
      'channel.topic',
      'card.post',
    ]);
    expect(await store.outboxStats()).toEqual({ pending: 0, failed: 0 });
  });

  it('starts effects one at a time, spaced out, while requests wait for their answer; several once they do not', async () => {
    let running = 0;
    let most = 0;
    const starts: number[] = [];
    const runner = new ScriptedRunner(async () => {
      starts.push(performance.now());
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
    });
    let busy = true;
    const { worker, store } = await setUp(runner, undefined, { busy: () => busy });
    for (let i = 0; i < 3; i++)
      await store.commit(declaration({ when: T0, effects: [{ type: 'channel.create' }] }));
    await worker.drain();
    expect(runner.attempts).toHaveLength(4);
    expect(most).toBe(1);
    const gaps = starts.slice(1).map((start, index) => start - starts[index]!);
    // Timers may fire a millisecond early.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(BUSY_START_INTERVAL_MS - 1);
    for (let i = 0; i < 4; i++)
      await store.commit(declaration({ when: T0, effects: [{ type: 'channel.create' }] }));
    busy = false;
    await worker.drain();
    expect(runner.attempts).toHaveLength(8);
    expect(most).toBe(4);
  });

  it('is woken by a commit that records effects, not by one that records none', async () => {
    const runner = new ScriptedRunner();
    // Polls only once an hour: anything run sooner was woken by the commit.
    const { worker, store } = await setUp(runner, [], { pollMs: 60 * 60_000 });
    const wakes: number[] = [];
    wakeOnEffects(store, () => {
      wakes.push(1);
      worker.kick();
    });
    worker.start();
    await store.commit(declaration({ when: T0, effects: [] }));
    expect(wakes).toHaveLength(0);
    await store.commit(declaration({ when: T0, effects: [{ type: 'channel.create' }] }));
    expect(wakes).toHaveLength(1);
    await vi.waitFor(() => expect(runner.attempts).toEqual([{ type: 'channel.create', attempt: 1 }]));
    // Kicks in the same turn of the event loop make one look, and none is lost while it looks.
    await Promise.all([
      store.commit(declaration({ when: T0, effects: [{ type: 'card.post' }] })),
      store.commit(declaration({ when: T0, effects: [{ type: 'card.post' }] })),
    ]);
    await vi.waitFor(() => expect(runner.attempts).toHaveLength(3));
    await worker.stop();
  });

  it('backs off exponentially on retryable failures, up to the maximum delay', async () => {
    const runner = new ScriptedRunner(async () => {
      throw new EffectError('Slack answered 503', true);
    });
    const { worker, store, clock } = await setUp(runner);
    const delays: Array<number | undefined> = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      await worker.drain();
      const wait = await dueIn(store, clock);
      delays.push(wait);
      clock.advance(wait ?? 0);
    }
    // 1 s, 2 s, 4 s, then held at the 8 s ceiling (the jitter is fixed at its middle here).
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(runner.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(runner.failures.every((failure) => !failure.final)).toBe(true);
    expect(await store.outboxStats()).toMatchObject({ pending: 1, failed: 0 });
  });

  it('spreads retries with jitter of ±20 %', async () => {
    const failing = async () => {
      throw new EffectError('timeout', true);
    };
    const waits: number[] = [];
    for (const jitter of [0, 0.999]) {
      const { worker, store, clock } = await setUp(new ScriptedRunner(failing), undefined, {
        random: () => jitter,
      });
      await worker.drain();
      waits.push((await dueIn(store, clock))!);
    }
    expect(waits[0]).toBe(800);
    expect(waits[1]).toBeGreaterThan(1_190);
    expect(waits[1]).toBeLessThan(1_200);
  });

  it('waits as long as Retry-After asks when that is longer than its own backoff', async () => {
    const runner = new ScriptedRunner(async () => {
      throw new EffectError('ratelimited', true, 30_000);
    });
    const { worker, store, clock } = await setUp(runner);
    await worker.drain();
    expect(await dueIn(store, clock)).toBe(30_000);
    // Nothing is handed out before then.
    clock.advance(29_999);
    await worker.drain();
    expect(runner.attempts).toHaveLength(1);
    clock.advance(1);
    await worker.drain();
    expect(runner.attempts).toHaveLength(2);
  });

  it('gives up on a retryable failure once the effect is older than maxAgeMs, and says so', async () => {
    const runner = new ScriptedRunner(async (effect) => {
      if (effect.effect.type === 'channel.create') throw new EffectError('Slack answered 503', true);
    });
    const { worker, store, clock, lines } = await setUp(runner, [
      { type: 'channel.create' },
      { type: 'channel.topic' },
    ]);
    await worker.drain();
    clock.advance(RETRY.maxAgeMs);
    await worker.drain();
    expect(runner.failures).toEqual([
      { message: 'Slack answered 503', final: false },
      { message: 'Slack answered 503', final: true },
    ]);
    expect(await store.outboxStats()).toEqual({ pending: 0, failed: 1 });
    expect(lines.some((line) => line.msg === 'outbox: effect failed for good')).toBe(true);
    // The lane moved on to the next effect.
    expect(runner.attempts.map((attempt) => attempt.type)).toEqual([
      'channel.create',
      'channel.create',
      'channel.topic',
    ]);
  });

  it('fails at once when the other side said no for good', async () => {
    const runner = new ScriptedRunner(async () => {
      throw new EffectError('invalid_name', false);
    });
    const { worker, store } = await setUp(runner);
    await worker.drain();
    expect(runner.failures).toEqual([{ message: 'invalid_name', final: true }]);
    expect(await store.outboxStats()).toEqual({ pending: 0, failed: 1 });
  });

  it('retries an unexpected error (a bug) a few times only', async () => {
    const runner = new ScriptedRunner(async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    const { worker, store, clock } = await setUp(runner);
    for (let round = 0; round < 5; round++) {
      await worker.drain();
      clock.advance((await dueIn(store, clock)) ?? 0);
    }
    expect(runner.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3]);
    expect(runner.failures.map((failure) => failure.final)).toEqual([false, false, true]);
    expect(await store.outboxStats()).toEqual({ pending: 0, failed: 1 });
  });

  it('renews the leases of effects that are still running, so no other worker takes them over', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let finish!: () => void;
    const runner = new ScriptedRunner(() => new Promise<void>((resolve) => (finish = resolve)));
    const { worker, store, clock } = await setUp(runner, undefined, { leaseMs: 3_000 });
    const drained = worker.drain();
    await vi.waitFor(() => expect(runner.attempts).toHaveLength(1));
    // Two seconds in, the renewal (every third of a lease) pushes the lease to five seconds.
    clock.advance(2_000);
    await vi.advanceTimersByTimeAsync(1_000);
    clock.advance(2_000);
    expect(await store.claimEffects(toInstant(clock.now()), 10, 3_000)).toEqual([]);
    finish();
    await drained;
    expect(await store.outboxStats()).toEqual({ pending: 0, failed: 0 });
  });

  it('does not record the outcome of an effect whose claim another worker has taken since', async () => {
    let finish!: () => void;
    const runner = new ScriptedRunner(() => new Promise<void>((resolve) => (finish = resolve)));
    const { worker: stalled, store, clock, lines } = await setUp(runner, undefined, { leaseMs: 3_000 });
    const drained = stalled.drain();
    await vi.waitFor(() => expect(runner.attempts).toHaveLength(1));
    // The worker stalls past its lease (no renewal ran); another one claims the effect.
    clock.advance(3_000);
    const [taken] = await store.claimEffects(toInstant(clock.now()), 10, 60_000);
    expect(taken).toMatchObject({ effect: { type: 'channel.create' }, attempt: 2 });
    finish();
    await drained;
    expect(lines.some((line) => line.msg.includes('the claim on this effect was lost'))).toBe(true);
    // Still the other worker's to finish.
    expect(await store.outboxStats()).toMatchObject({ pending: 1, failed: 0 });
    expect(await store.completeEffect(taken!, toInstant(clock.now()))).toBe(true);
  });
});
