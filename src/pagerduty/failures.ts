import { EffectError } from '../effects/effect-error.js';

interface Headers {
  get(name: string): string | null;
}

/** The words in PagerDuty's error bodies: REST `{error:{message, errors}}`, Events `{message, errors}`. */
export function describeErrorBody(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 200) || undefined;
  if (!body || typeof body !== 'object') return undefined;
  const record = body as { error?: unknown; message?: unknown; errors?: unknown };
  const inner =
    record.error && typeof record.error === 'object'
      ? (record.error as { message?: unknown; errors?: unknown })
      : record;
  const parts = [
    typeof inner.message === 'string' ? inner.message : undefined,
    ...(Array.isArray(inner.errors) ? inner.errors.filter((item) => typeof item === 'string') : []),
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('; ').slice(0, 300) : undefined;
}

/**
 * How long PagerDuty asks us to wait: `Retry-After` (seconds or an HTTP date), or `ratelimit-reset`
 * (seconds until the window resets; developer-docs REST-API/04-Rate-Limits.md).
 */
export function waitAskedFor(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const reset = headers.get('ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) return Math.round(Number(reset) * 1000);
  return undefined;
}

/**
 * A PagerDuty answer other than 2xx, as the outbox understands it: rate limits, timeouts and 5xx are
 * worth retrying ("Retry? Yes" in developer-docs events-API-v2/01-Overview.md); any other 4xx is
 * PagerDuty saying no for good.
 */
export function httpFailure(
  what: string,
  status: number,
  headers: Headers,
  body: unknown,
  nowMs: number,
): EffectError {
  const detail = describeErrorBody(body);
  const said = detail ? `: ${detail}` : '';
  if (status === 429)
    return new EffectError(
      `PagerDuty is rate-limiting ${what} (429)${said}`,
      true,
      waitAskedFor(headers, nowMs),
    );
  if (status >= 500 || status === 408)
    return new EffectError(
      `PagerDuty could not take ${what} (${status})${said}`,
      true,
      waitAskedFor(headers, nowMs),
    );
  if (status === 401)
    return new EffectError(
      `PagerDuty did not accept the credentials for ${what} (401)${said}; check PAGERDUTY_TOKEN and the routing keys`,
      false,
    );
  return new EffectError(`PagerDuty refused ${what} (${status})${said}`, false);
}

/** No answer at all (DNS, refused connection, timeout): PagerDuty may well be fine in a minute. */
export function networkFailure(what: string, error: unknown): EffectError {
  const reason = error instanceof Error ? error.message : String(error);
  return new EffectError(`Could not reach PagerDuty for ${what}: ${reason}`, true);
}

/** Gives up waiting after `ms`, so a slow PagerDuty cannot hold a slash command or an effect forever. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new EffectError(`PagerDuty did not answer ${what} within ${ms / 1000} s`, true)),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
