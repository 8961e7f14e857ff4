import { api } from '@pagerduty/pdjs';
import type { APIResponse } from '@pagerduty/pdjs/build/src/api.js';
import { request } from '@pagerduty/pdjs/build/src/common.js';
import type { Alert, OnCall, Pager } from '../domain/pager.js';
import type { Clock } from '../domain/ports.js';
import { EffectError } from '../effects/effect-error.js';
import { type AlertEvent, resolveEvent, triggerEvent } from './events.js';
import { httpFailure, networkFailure, withDeadline } from './failures.js';
import { nowAndNext, type OncallItem } from './oncalls.js';

export interface PagerDutyClientOptions {
  /** REST API key (PAGERDUTY_TOKEN). */
  token: string;
  /** `https://api.pagerduty.com`, `https://api.eu.pagerduty.com`, or a local test server. */
  apiUrl: string;
  /** `https://events.pagerduty.com`, `https://events.eu.pagerduty.com`, or a local test server. */
  eventsUrl: string;
  clock: Clock;
  /** How long an on-call answer is reused before PagerDuty is asked again. */
  onCallTtlMs?: number;
  /** pdjs retries a 429 three times by itself, waiting this long before each (its default is 20 s). */
  retryTimeoutMs?: number;
  /** The longest one HTTP exchange may take. */
  timeoutMs?: number;
}

/** An on-call lookup answers slash commands, which Slack wants acknowledged within 3 s. */
const ON_CALL_DEADLINE_MS = 2_500;
/** A page runs in the outbox, whose lease (60 s) it must not outlive. */
const EVENT_DEADLINE_MS = 20_000;
/** The window searched for the next shift; PagerDuty computes on-calls up to 90 days ahead. */
const NEXT_SHIFT_WINDOW_MS = 30 * 24 * 3_600_000;
const PAGE_SIZE = 100;
/** PagerDuty refuses `offset + limit` above 10,000 (developer-docs REST-API/09-Pagination.md). */
const MAX_OFFSET = 10_000 - PAGE_SIZE;

function isResponse(
  value: unknown,
): value is { status: number; headers: { get(name: string): string | null } } {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value;
}

async function bodyOf(response: { text(): Promise<string> }): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The Pager port over PagerDuty, through pdjs: Events API v2 to page and stop paging, REST
 * `GET /oncalls` for who is on call. Every failure becomes an EffectError that says whether trying
 * again could help, so the outbox retries rate limits and outages and gives up on refusals.
 */
export class PagerDutyClient implements Pager {
  private readonly onCalls = new Map<
    string,
    { until: number; answer: Promise<{ now: OnCall[]; next: OnCall[] }> }
  >();
  private readonly apiUrl: string;
  private readonly eventsUrl: string;

  constructor(private readonly options: PagerDutyClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.eventsUrl = options.eventsUrl.replace(/\/+$/, '');
  }

  async trigger(alert: Alert): Promise<void> {
    await this.sendEvent('the page', triggerEvent(alert));
  }

  async resolve(routingKey: string, dedupKey: string): Promise<void> {
    await this.sendEvent('resolving the page', resolveEvent(routingKey, dedupKey));
  }

  onCall(escalationPolicyId: string): Promise<{ now: OnCall[]; next: OnCall[] }> {
    const now = this.options.clock.now();
    const cached = this.onCalls.get(escalationPolicyId);
    if (cached && cached.until > now.getTime()) return cached.answer;
    const answer = this.lookUpOnCall(escalationPolicyId, now);
    this.onCalls.set(escalationPolicyId, {
      until: now.getTime() + (this.options.onCallTtlMs ?? 60_000),
      answer,
    });
    // A failure is not remembered: the next question asks again.
    answer.catch(() => {
      if (this.onCalls.get(escalationPolicyId)?.answer === answer) this.onCalls.delete(escalationPolicyId);
    });
    return answer;
  }

  private async lookUpOnCall(policy: string, now: Date): Promise<{ now: OnCall[]; next: OnCall[] }> {
    const what = `the on-call lookup for escalation policy ${policy}`;
    const items: OncallItem[] = [];
    // pdjs's .all() fails past the first page when the host has no ".com/" in it (a proxy, a local
    // test server), since it finds the list's key in the URL: so page by hand.
    for (let offset = 0; offset <= MAX_OFFSET; offset += PAGE_SIZE) {
      const page = (await withDeadline(
        this.getJson(what, '/oncalls', {
          'escalation_policy_ids[]': [policy],
          'include[]': ['users'],
          earliest: 'true',
          since: now.toISOString(),
          until: new Date(now.getTime() + NEXT_SHIFT_WINDOW_MS).toISOString(),
          limit: String(PAGE_SIZE),
          offset: String(offset),
        }),
        ON_CALL_DEADLINE_MS,
        what,
      )) as { oncalls?: OncallItem[]; more?: boolean };
      items.push(...(page.oncalls ?? []));
      if (!page.more) break;
    }
    return nowAndNext(items, now);
  }

  private requestOptions() {
    return {
      retryTimeout: this.options.retryTimeoutMs ?? 1_000,
      // pdjs's requestTimeout is only a no-op timer that keeps the process alive; 0 turns it off.
      // node-fetch's own `timeout` is what bounds the exchange.
      requestTimeout: 0,
      timeout: this.options.timeoutMs ?? 10_000,
    };
  }

  private async getJson(
    what: string,
    path: string,
    query: Record<string, string | string[]>,
  ): Promise<unknown> {
    let response: APIResponse;
    try {
      response = await api({
        url: `${this.apiUrl}${path}`,
        token: this.options.token,
        method: 'GET',
        queryParameters: query,
        ...this.requestOptions(),
      });
    } catch (error) {
      // pdjs rejects with the response itself when the body is not JSON (a proxy's HTML error page).
      if (isResponse(error)) throw httpFailure(what, error.status, error.headers, undefined, this.nowMs());
      throw networkFailure(what, error);
    }
    // pdjs resolves on 4xx and 5xx alike when the body is JSON.
    if (!response.ok) throw httpFailure(what, response.status, response.headers, response.data, this.nowMs());
    return response.data;
  }

  private async sendEvent(what: string, event: AlertEvent): Promise<void> {
    // pdjs's event() builds an https URL from a host name only, so it cannot reach a local test
    // server; its request() takes the whole URL and keeps the same headers and 429 retries.
    const sent = request(`${this.eventsUrl}/v2/enqueue`, {
      method: 'POST',
      body: JSON.stringify(event),
      ...this.requestOptions(),
    });
    let response: Awaited<typeof sent>;
    try {
      response = await withDeadline(sent, EVENT_DEADLINE_MS, what);
    } catch (error) {
      if (error instanceof EffectError) throw error;
      throw networkFailure(what, error);
    }
    if (response.ok) return;
    throw httpFailure(what, response.status, response.headers, await bodyOf(response), this.nowMs());
  }

  private nowMs(): number {
    return this.options.clock.now().getTime();
  }
}
