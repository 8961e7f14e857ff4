import type { Logger } from 'pino';
import type { ClaimedEffect, Clock, EffectClaim, IncidentStore } from '../domain/ports.js';
import { type Instant, toInstant } from '../domain/time.js';
import { EffectError } from './effect-error.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * While requests wait for their answer, effects start one at a time and at most this often: a
 * burst is acknowledged first (Slack gives an ack three seconds; an effect has no such deadline),
 * and its effects still make progress while it lasts, then run at full concurrency after it.
 */
export const BUSY_START_INTERVAL_MS = 100;

export interface RetryPolicy {
  /** First retry after this long; doubling each time, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A retryable failure is retried until the effect is this old (an outage may last hours). */
  maxAgeMs: number;
  /** An unexpected error (a bug, not the network) is retried this many times. */
  maxUnexpectedAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  maxAgeMs: 24 * 60 * 60_000,
  maxUnexpectedAttempts: 8,
};

export interface EffectRunner {
  run(effect: ClaimedEffect): Promise<void>;
  /** Told about each failed attempt, e.g. to say in the channel that paging keeps failing. */
  failed?(effect: ClaimedEffect, error: Error, final: boolean): Promise<void>;
}

export interface OutboxWorkerOptions {
  store: IncidentStore;
  clock: Clock;
  runner: EffectRunner;
  logger: Logger;
  /** Effects of different incidents (or lanes) run at once, up to this many. */
  concurrency?: number;
  /**
   * How long a claim holds before another worker may take the effect over. Claims of running
   * effects are renewed, so this only bounds how long a crashed worker's effects wait.
   */
  leaseMs?: number;
  /** How often to look for work when nothing woke the worker. */
  pollMs?: number;
  retry?: RetryPolicy;
  /** For tests: jitter in [0, 1). */
  random?: () => number;
  /**
   * Whether requests are waiting for their answer (Slack's three seconds): while they are, effects
   * start one at a time, at most every BUSY_START_INTERVAL_MS, so that a burst of commands is
   * acknowledged first and its effects follow.
   */
  busy?: () => boolean;
}

/**
 * Runs the effects recorded in the outbox: in order per incident and lane, several incidents at
 * once, retried with backoff (honouring Retry-After), and safe across restarts because claims are
 * leases in the database.
 */
export class OutboxWorker {
  private readonly store: IncidentStore;
  private readonly clock: Clock;
  private readonly runner: EffectRunner;
  private readonly logger: Logger;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private readonly busy: () => boolean;
  private readonly inFlight = new Set<Promise<void>>();
  /** The claims of the effects running now, whose leases are renewed. */
  private readonly leased = new Map<number, EffectClaim>();
  private renewal: ReturnType<typeof setInterval> | undefined;
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private kicked = false;
  /** When the last effect started (performance.now), for the pace while busy. */
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(options: OutboxWorkerOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.runner = options.runner;
    this.logger = options.logger;
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.random = options.random ?? Math.random;
    this.busy = options.busy ?? (() => false);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /**
   * New work was committed: look now instead of at the next poll. The look waits for the current
   * turn of the event loop to finish, so the request that committed is answered first, and the
   * commits of a burst are looked at once.
   */
  kick(): void {
    if (this.kicked) return;
    this.kicked = true;
    setImmediate(() => this.wake?.());
  }

  /** Stops claiming, and waits for the effects already running to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs everything due now until nothing is left (effects waiting for a retry stay waiting). */
  async drain(): Promise<void> {
    for (;;) {
      const room = this.room();
      if (room > 0) await this.fill(room);
      if (this.inFlight.size > 0) await Promise.race(this.inFlight);
      // Room to start one, and none running: nothing is due.
      else if (room > 0) return;
      else await new Promise((resolve) => setTimeout(resolve, Math.max(1, this.untilNextStart())));
    }
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      try {
        await this.fill();
      } catch (error) {
        this.logger.error({ err: error }, 'outbox: could not claim effects; trying again shortly');
      }
      const wait = await this.sleepTime();
      await new Promise<void>((resolve) => {
        // A kick that came while this round looked (and so found no sleep to end) is not lost.
        const timer = setTimeout(resolve, this.kicked ? 0 : wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
        // A finished effect may unblock the next one in its incident's queue.
        if (this.inFlight.size > 0) void Promise.race(this.inFlight).then(() => this.wake?.());
      });
      this.wake = undefined;
    }
  }

  /** How many more effects may start now. */
  private room(): number {
    if (!this.busy()) return this.concurrency - this.inFlight.size;
    return this.inFlight.size === 0 && this.untilNextStart() === 0 ? 1 : 0;
  }

  /** While busy: how long until the next effect may start. */
  private untilNextStart(): number {
    return Math.max(0, Math.ceil(this.lastStart + BUSY_START_INTERVAL_MS - performance.now()));
  }

  private async sleepTime(): Promise<number> {
    if (this.room() <= 0) return this.inFlight.size > 0 ? this.pollMs : this.untilNextStart();
    const next = await this.store.nextEffectDueAt().catch(() => undefined);
    if (!next) return this.pollMs;
    return Math.max(0, Math.min(this.pollMs, Date.parse(next) - this.clock.now().getTime()));
  }

  private async fill(room = this.room()): Promise<number> {
    if (room <= 0) return 0;
    const claimed = await this.store.claimEffects(this.now(), room, this.leaseMs);
    if (claimed.length > 0) this.lastStart = performance.now();
    for (const effect of claimed) {
      this.leased.set(effect.id, { id: effect.id, lease: effect.lease });
      const task = this.process(effect).finally(() => {
        this.inFlight.delete(task);
        this.leased.delete(effect.id);
      });
      this.inFlight.add(task);
    }
    if (claimed.length > 0) this.renewLeases();
    return claimed.length;
  }

  /** While effects run, push their leases forward every third of a lease. */
  private renewLeases(): void {
    if (this.renewal) return;
    this.renewal = setInterval(
      () => {
        if (this.leased.size === 0) {
          clearInterval(this.renewal);
          this.renewal = undefined;
          return;
        }
        const until = toInstant(new Date(this.clock.now().getTime() + this.leaseMs));
        this.store
          .extendLeases([...this.leased.values()], until)
          .catch((error: unknown) => this.logger.warn({ err: error }, 'outbox: could not renew leases'));
      },
      // Node turns a delay above 2³¹ − 1 ms into 1 ms: a very long lease would renew in a busy loop.
      Math.min(MAX_TIMER_MS, Math.max(10, Math.floor(this.leaseMs / 3))),
    );
    this.renewal.unref();
  }

  private now(): Instant {
    return toInstant(this.clock.now());
  }

  private async process(effect: ClaimedEffect): Promise<void> {
    // Made only when something is logged: a child logger runs the redaction over its bindings, and
    // an effect that succeeds logs nothing at info.
    let child: Logger | undefined;
    const log = () =>
      (child ??= this.logger.child({
        effect: effect.effect.type,
        effectId: effect.id,
        incident: effect.incidentId,
        attempt: effect.attempt,
      }));
    try {
      await this.runner.run(effect);
      if (await this.store.completeEffect(effect, this.now())) {
        if (this.logger.isLevelEnabled('debug')) log().debug('outbox: effect done');
      } else this.lostClaim(log(), 'done');
    } catch (error) {
      await this.onFailure(effect, error as Error, log()).catch((inner: unknown) =>
        log().error(
          { err: inner },
          'outbox: could not record a failed effect; its lease will expire and it will run again',
        ),
      );
    }
  }

  private async onFailure(effect: ClaimedEffect, error: Error, log: Logger): Promise<void> {
    const now = this.clock.now().getTime();
    const known = error instanceof EffectError;
    const age = now - Date.parse(effect.createdAt);
    const retryable = known
      ? error.retryable && age < this.retry.maxAgeMs
      : effect.attempt < this.retry.maxUnexpectedAttempts;
    const message = `${error.name}: ${error.message}`;
    if (retryable) {
      const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (effect.attempt - 1));
      const jittered = backoff * (0.8 + 0.4 * this.random());
      const delay = Math.max(known && error.retryAfterMs !== undefined ? error.retryAfterMs : 0, jittered);
      if (!(await this.store.retryEffect(effect, toInstant(new Date(now + delay)), message)))
        return this.lostClaim(log, 'to be retried');
      (known ? log.warn.bind(log) : log.error.bind(log))(
        { err: error, retryInMs: Math.round(delay) },
        'outbox: effect failed; will retry',
      );
    } else {
      if (!(await this.store.failEffect(effect, toInstant(new Date(now)), message)))
        return this.lostClaim(log, 'as failed');
      log.error({ err: error }, 'outbox: effect failed for good');
    }
    await this.runner.failed?.(effect, error, !retryable);
  }

  /**
   * Our lease ran out while the effect ran (a long stall) and another worker claimed it since: the
   * effect is theirs now, and ours may not finish it. Effects are idempotent, so it running twice
   * is safe; marking someone else's run done or failed would not be.
   */
  private lostClaim(log: Logger, as: string): void {
    log.warn(`outbox: the claim on this effect was lost (its lease expired); not recording it ${as}`);
  }
}
