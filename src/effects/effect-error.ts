/**
 * How an effect failed. Retryable: rate limits, 5xx, network trouble; the outbox tries again later.
 * Not retryable: the other side said no for good (a bad request, a missing permission).
 */
export class EffectError extends Error {
  override readonly name = 'EffectError';

  constructor(
    message: string,
    readonly retryable: boolean,
    /** The other side asked us to wait this long (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** An effect that needs an earlier one to have run (the channel must exist before posting in it). */
export function notYet(what: string): EffectError {
  return new EffectError(`${what} is not there yet`, true, 2_000);
}
