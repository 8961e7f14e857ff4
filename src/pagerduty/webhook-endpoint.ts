import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { Deps } from '../usecases/context.js';
import { handlePagerDutyEvent, type WebhookOutcome } from '../usecases/pagerduty-webhook.js';
import { parseWebhook } from './webhook-event.js';
import { verifySignature } from './webhook-signature.js';

export const PAGERDUTY_WEBHOOK_PATH = '/webhooks/pagerduty';

export interface WebhookRequest {
  headers: IncomingHttpHeaders;
  /** The raw bytes: the signature is over them, not over any re-serialised JSON. */
  body: Buffer;
}

export interface WebhookResponse {
  status: number;
  body: unknown;
}

export interface PagerDutyWebhookOptions {
  /** PAGERDUTY_WEBHOOK_SECRET: the subscription's `delivery_method.secret`. */
  secret: string;
  deps: Deps;
  logger: Logger;
  /** Logs an unexpected error and returns the reference to quote. */
  unexpected(error: unknown, where: Record<string, unknown>): string;
  /**
   * PagerDuty wants a 2xx within 5 s or it retries (developer-docs webhooks/02-Behavior.md); past
   * this, the answer is 202 and the work finishes on its own.
   */
  answerWithinMs?: number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `POST /webhooks/pagerduty`: check the signature, read the event, hand it to the use case. */
export function pagerDutyWebhook(
  options: PagerDutyWebhookOptions,
): (request: WebhookRequest) => Promise<WebhookResponse> {
  const log = options.logger.child({ webhook: 'pagerduty' });
  return async (request) => {
    if (!verifySignature(request.body, header(request.headers, 'x-pagerduty-signature'), options.secret)) {
      log.warn('refused a webhook whose X-PagerDuty-Signature does not match PAGERDUTY_WEBHOOK_SECRET');
      return { status: 401, body: { ok: false, error: 'invalid_signature' } };
    }
    let parsed: ReturnType<typeof parseWebhook>;
    try {
      parsed = parseWebhook(request.body);
    } catch (error) {
      log.warn({ err: error }, 'refused a signed webhook that is not a webhook v3 event');
      return { status: 400, body: { ok: false, error: 'not_a_webhook_v3_event' } };
    }
    if (parsed.kind === 'other')
      return { status: 200, body: { ok: true, outcome: 'ignored', type: parsed.type } };
    const deliveryId = header(request.headers, 'x-webhook-id') ?? parsed.event.eventId;
    const where = { webhook: 'pagerduty', deliveryId, type: parsed.event.type };
    const work = handlePagerDutyEvent(options.deps, { ...parsed.event, deliveryId }).then((outcome) => {
      if (outcome.outcome === 'refused')
        log.warn({ deliveryId, type: parsed.event.type, ...outcome }, 'webhook: incident not declared');
      else log.debug({ deliveryId, type: parsed.event.type, ...outcome }, 'webhook handled');
      return outcome;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), options.answerWithinMs ?? 4_000);
    });
    try {
      const outcome: WebhookOutcome | 'late' = await Promise.race([work, late]);
      if (outcome === 'late') {
        work.catch((error: unknown) => options.unexpected(error, where));
        return { status: 202, body: { ok: true, outcome: 'accepted' } };
      }
      return { status: 200, body: { ok: true, ...outcome } };
    } catch (error) {
      // PagerDuty retries a 5xx; the use case forgot the delivery, so the retry is handled.
      const ref = options.unexpected(error, where);
      return { status: 500, body: { ok: false, error: `something went wrong (ref ${ref})` } };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Without PAGERDUTY_WEBHOOK_SECRET nothing can be verified, so nothing is taken; this says why. */
export async function webhooksNotConfigured(): Promise<WebhookResponse> {
  return {
    status: 404,
    body: {
      ok: false,
      error:
        'PagerDuty webhooks are not configured: set PAGERDUTY_WEBHOOK_SECRET to the subscription secret.',
    },
  };
}
