import { webApi } from '@slack/bolt';
import { EffectError } from '../effects/effect-error.js';

/** Platform errors that mean "not now" rather than "never" (Slack's method docs). */
const TRANSIENT = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export function platformError(error: unknown): string | undefined {
  const coded = error as { code?: string; data?: { error?: string } };
  return coded.code === webApi.ErrorCode.PlatformError ? coded.data?.error : undefined;
}

/**
 * A Web API failure as the outbox understands it: rate limits (with Retry-After), 5xx and network
 * trouble are retried; Slack saying no (`channel_not_found`, `missing_scope`, …) is final.
 */
export function toEffectError(error: unknown, method: string): EffectError {
  const coded = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message?: string;
  };
  switch (coded.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new EffectError(
        `${method}: rate limited by Slack`,
        true,
        Math.max(1, coded.retryAfter ?? 1) * 1000,
      );
    case webApi.ErrorCode.HTTPError: {
      const status = coded.statusCode ?? 0;
      return new EffectError(
        `${method}: Slack answered HTTP ${status}`,
        status >= 500 || status === 408 || status === 429,
      );
    }
    case webApi.ErrorCode.RequestError:
      return new EffectError(`${method}: could not reach Slack (${coded.message ?? 'network error'})`, true);
    case webApi.ErrorCode.PlatformError: {
      const reason = coded.data?.error ?? 'unknown_error';
      return new EffectError(`${method}: ${reason}`, TRANSIENT.has(reason));
    }
    default:
      return new EffectError(`${method}: ${coded.message ?? String(error)}`, true);
  }
}
