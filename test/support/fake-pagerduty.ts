import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureOf } from '../../src/pagerduty/webhook-signature.js';
import { eventProblems, onCallsQueryProblems, onCallsResponseProblems } from './pagerduty-spec.js';

export interface FakeOnCall {
  user: { id: string; name: string; email: string };
  level: number;
  schedule?: string;
  /** Null for a permanent on-call. */
  start: string | null;
  end: string | null;
}

export interface ReceivedEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key: string;
  payload?: { summary: string; source: string; severity: string; custom_details?: Record<string, unknown> };
  links?: Array<{ href: string; text?: string }>;
  client?: string;
  client_url?: string;
}

type Route = 'events' | 'oncalls';
type Failure = { status: number; retryAfter?: number; html?: boolean; times: number };

/**
 * A local stand-in for PagerDuty: the Events API v2 (`POST /v2/enqueue`) and REST `GET /oncalls`,
 * with faults to inject per route. Every event it receives is checked against PagerDuty's OpenAPI
 * schema, every on-call query against the operation's parameters, and its own on-call answers
 * against the response schema; see `problems`.
 */
export class FakePagerDuty {
  /** Events it accepted (answered 202). */
  readonly events: ReceivedEvent[] = [];
  /** Every request, accepted or failed. */
  readonly requests: Array<{ method: string; path: string; query: URLSearchParams; status: number }> = [];
  readonly problems: string[] = [];
  private readonly onCalls = new Map<string, FakeOnCall[]>();
  private readonly failures = new Map<Route, Failure[]>();
  private server: http.Server | undefined;
  url = '';

  constructor(readonly token = 'pd-test-token') {}

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server?.closeAllConnections();
  }

  setOnCall(escalationPolicyId: string, people: FakeOnCall[]): void {
    this.onCalls.set(escalationPolicyId, people);
  }

  /** The next `times` requests to `route` fail with this status (a 429 with Retry-After if given). */
  fail(route: Route, failure: Omit<Failure, 'times'>, times = 1): void {
    const list = this.failures.get(route) ?? [];
    list.push({ ...failure, times });
    this.failures.set(route, list);
  }

  eventsOf(action: ReceivedEvent['event_action']): ReceivedEvent[] {
    return this.events.filter((event) => event.event_action === action);
  }

  requestsTo(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  private takeFailure(route: Route): Failure | undefined {
    const list = this.failures.get(route);
    const failure = list?.[0];
    if (!failure) return undefined;
    failure.times -= 1;
    if (failure.times <= 0) list!.shift();
    return failure;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const url = new URL(request.url ?? '/', this.url);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        status,
      });
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };
    const route: Route | undefined =
      request.method === 'POST' && url.pathname === '/v2/enqueue'
        ? 'events'
        : request.method === 'GET' && url.pathname === '/oncalls'
          ? 'oncalls'
          : undefined;
    if (!route) return send(404, { error: { message: 'Not Found', code: 2100 } });

    const failure = this.takeFailure(route);
    if (failure) {
      if (failure.html) {
        this.requests.push({
          method: request.method!,
          path: url.pathname,
          query: url.searchParams,
          status: failure.status,
        });
        response.writeHead(failure.status, { 'content-type': 'text/html' });
        response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      }
      const headers: Record<string, string> =
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      if (failure.status === 429)
        return send(
          429,
          { error: { message: 'Rate Limit Exceeded', code: 2020 } },
          { 'ratelimit-reset': '1', ...headers },
        );
      return send(
        failure.status,
        { status: 'Service Unavailable', message: 'Try again later', errors: [] },
        headers,
      );
    }

    if (route === 'events') {
      let event: ReceivedEvent;
      try {
        event = JSON.parse(body) as ReceivedEvent;
      } catch {
        return send(400, {
          status: 'Unrecognized object',
          message: 'Event object format is unrecognized',
          errors: ['JSON parse error'],
        });
      }
      const problems = eventProblems(event);
      if (problems.length > 0) {
        this.problems.push(...problems);
        return send(400, { status: 'invalid event', message: 'Event object is invalid', errors: problems });
      }
      this.events.push(event);
      return send(202, { status: 'success', message: 'Event processed', dedup_key: event.dedup_key });
    }

    if (request.headers.authorization !== `Token token=${this.token}`)
      return send(401, { error: { message: 'Unauthenticated', code: 2006 } });
    if (request.headers.accept !== 'application/vnd.pagerduty+json;version=2')
      this.problems.push(`GET /oncalls with Accept: ${request.headers.accept}`);
    this.problems.push(...onCallsQueryProblems(url.searchParams));
    const policies = url.searchParams.getAll('escalation_policy_ids[]');
    const withUsers = url.searchParams.getAll('include[]').includes('users');
    const all = policies.flatMap((policy) =>
      (this.onCalls.get(policy) ?? []).map((person) => ({
        escalation_policy: { id: policy, type: 'escalation_policy_reference', summary: `Policy ${policy}` },
        user: withUsers
          ? {
              id: person.user.id,
              type: 'user',
              summary: person.user.name,
              name: person.user.name,
              email: person.user.email,
            }
          : { id: person.user.id, type: 'user_reference', summary: person.user.name },
        ...(person.schedule
          ? { schedule: { id: 'PSCHED1', type: 'schedule_reference', summary: person.schedule } }
          : {}),
        escalation_level: person.level,
        start: person.start,
        end: person.end,
      })),
    );
    const limit = Number(url.searchParams.get('limit') ?? 25);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const answer = {
      oncalls: all.slice(offset, offset + limit),
      limit,
      offset,
      more: offset + limit < all.length,
      total: null,
    };
    this.problems.push(...onCallsResponseProblems(answer));
    return send(200, answer);
  }
}

export interface WebhookIncident {
  id: string;
  number: number;
  title: string;
  incidentKey?: string;
  serviceId: string;
  urgency?: 'high' | 'low';
  priority?: string;
  assignees?: string[];
}

/** A webhook v3 body about an incident, shaped like the samples in developer-docs webhooks/01-Overview.md. */
export function webhookBody(
  type: string,
  incident: WebhookIncident,
  options: { eventId?: string; occurredAt?: string; agent?: string } = {},
): string {
  return JSON.stringify({
    event: {
      id: options.eventId ?? `01${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
      event_type: type,
      resource_type: 'incident',
      occurred_at: options.occurredAt ?? new Date().toISOString(),
      agent: options.agent
        ? {
            id: 'PAGENT1',
            type: 'user_reference',
            summary: options.agent,
            html_url: 'https://acme.pagerduty.com/users/PAGENT1',
          }
        : null,
      client: null,
      data: {
        id: incident.id,
        type: 'incident',
        self: `https://api.pagerduty.com/incidents/${incident.id}`,
        html_url: `https://acme.pagerduty.com/incidents/${incident.id}`,
        number: incident.number,
        status:
          type === 'incident.resolved'
            ? 'resolved'
            : type === 'incident.acknowledged'
              ? 'acknowledged'
              : 'triggered',
        ...(incident.incidentKey ? { incident_key: incident.incidentKey } : {}),
        created_at: '2026-11-26T14:00:05Z',
        title: incident.title,
        service: { id: incident.serviceId, type: 'service_reference', summary: 'A service' },
        assignees: (incident.assignees ?? []).map((name, index) => ({
          id: `PUSER${index}`,
          type: 'user_reference',
          summary: name,
        })),
        escalation_policy: { id: 'PPAYESC', type: 'escalation_policy_reference', summary: 'Payments' },
        teams: [],
        priority: incident.priority
          ? { id: 'PPRIO1', type: 'priority_reference', summary: incident.priority }
          : null,
        urgency: incident.urgency ?? 'high',
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  });
}

/** Delivers a webhook the way PagerDuty does: signed over the raw body, with a delivery id. */
export async function deliverWebhook(
  url: string,
  body: string,
  options: { secret?: string; signature?: string; webhookId?: string } = {},
): Promise<{ status: number; json: unknown }> {
  const signature = options.signature ?? (options.secret ? signatureOf(body, options.secret) : undefined);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'PagerDuty-Webhook/V3.0',
      ...(signature ? { 'x-pagerduty-signature': signature } : {}),
      ...(options.webhookId ? { 'x-webhook-id': options.webhookId } : {}),
    },
    body,
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, json };
}
