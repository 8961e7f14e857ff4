import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type ParsedUrlQuery, parse as parseQuery } from 'node:querystring';
import { BODY_LIMIT, readBody, sendJson, tooSlow } from './http-routes.js';

/** Slack signs with the time it sent; more than five minutes either way is a replay or a forgery. */
const MAX_SKEW_SECONDS = 5 * 60;

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export interface GateOptions {
  signingSecret: string;
  /** Set once shutdown began: every request from then on is refused (see `Drain`). */
  drain?: Drain;
  /** Every path served (Slack's endpoint and the custom routes), matched exactly. */
  paths: readonly string[];
  /** Seconds since the epoch, now. */
  nowSeconds(): number;
  /** Told of every Slack request on its way in (for the worker: see Demand). */
  demand?: Demand;
}

/** Refuses a body too large to read, and says so to the client before closing the connection. */
function tooLarge(request: IncomingMessage, response: ServerResponse): void {
  if (!response.headersSent) {
    response.setHeader('connection', 'close');
    sendJson(response, 413, { ok: false, error: 'body_too_large', limit: BODY_LIMIT });
  }
  response.on('finish', () => request.destroy());
}

function signedCorrectly(secret: string, timestamp: string, signature: string, body: Buffer): boolean {
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Slack request body is an object: a form (a command, or `payload=<JSON object>`) or a JSON object. */
function bodyIsObject(form: ParsedUrlQuery | undefined, body: Buffer): boolean {
  try {
    if (form) return typeof form.payload === 'string' ? isObject(JSON.parse(form.payload)) : true;
    return isObject(JSON.parse(body.toString()));
  } catch {
    return false;
  }
}

/** Why a request to /slack/events is refused before Bolt sees it, if it is. */
function refusal(
  request: IncomingMessage,
  body: Buffer,
  options: GateOptions,
): { status: number; error: string } | undefined {
  // A form is parsed once, for both looks at it (the ack path is measured).
  const form = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
    ? parseQuery(body.toString())
    : undefined;
  // Slack's SSL check is unsigned; Bolt answers it and strips anything smuggled with it.
  if (form?.ssl_check === '1') return undefined;
  const timestamp = request.headers['x-slack-request-timestamp'];
  const signature = request.headers['x-slack-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(timestamp))
    return { status: 401, error: 'unsigned' };
  if (Math.abs(options.nowSeconds() - Number(timestamp)) > MAX_SKEW_SECONDS)
    return { status: 401, error: 'timestamp_out_of_range' };
  if (!signedCorrectly(options.signingSecret, timestamp, signature, body))
    return { status: 401, error: 'bad_signature' };
  // Bolt reads fields of the body without checking it is an object: `null` would crash it.
  if (!bodyIsObject(form, body)) return { status: 400, error: 'body_not_an_object' };
  return undefined;
}

/**
 * Whether `path` is one the route `served` names: the same segments, to the letter, where a
 * `:name` segment (a dashboard's `/incidents/:id`) stands for one plain segment, never an empty
 * one, a dot segment or one that hides a slash.
 */
function matches(served: string, path: string): boolean {
  if (!served.includes(':')) return served === path;
  const want = served.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return false;
  return want.every((segment, index) => {
    const actual = got[index]!;
    if (!segment.startsWith(':')) return segment === actual;
    return actual !== '' && actual !== '.' && actual !== '..' && !/%2f|%5c|\\/i.test(actual);
  });
}

/**
 * Stands in front of Bolt's HTTP receiver: caps every body (413 on every route, at once when the
 * announced length is too large), serves only the exact paths it is given, and for Slack's endpoint checks the signature, a timestamp within
 * five minutes either way and the body's shape before Bolt buffers or parses anything. Bolt reuses
 * the body read here (`rawBody`, its BufferedIncomingMessage); its own signature check is turned off
 * (src/slack/app.ts), since every request it sees has passed this one.
 */
export function gateRequests(next: Listener, options: GateOptions): Listener {
  return (request, response) => {
    if (options.drain?.refused(request, response)) return;
    const announced = Number(request.headers['content-length'] ?? 0);
    if (announced > BODY_LIMIT) {
      tooLarge(request, response);
      return;
    }
    const path = (request.url ?? '').split('?')[0] ?? '';
    // Exact paths only: Bolt's router would also answer /METRICS, /metrics/ and /x/../metrics,
    // which slip past a proxy that allows only /slack/events and the webhooks from outside.
    if (!options.paths.some((served) => matches(served, path))) {
      sendJson(response, 404, { ok: false, error: 'not_found' });
      return;
    }
    if (request.method !== 'POST' || path !== '/slack/events') {
      next(request, response);
      return;
    }
    options.demand?.arrived(response);
    readBody(request, BODY_LIMIT).then(
      (body) => {
        const refused = refusal(request, body, options);
        if (refused) {
          sendJson(response, refused.status, { ok: false, error: refused.error });
          return;
        }
        (request as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
        next(request, response);
      },
      (error: Error) => {
        if (error.message === 'body too large') tooLarge(request, response);
        else if (error.message === 'body too slow') tooSlow(request, response);
        else if (!response.headersSent) sendJson(response, 400, { ok: false, error: 'unreadable_body' });
      },
    );
  };
}

/**
 * Node's defaults let a trickled body hold a connection for 300 s. Slack sends a whole request in
 * milliseconds and waits three seconds for the answer.
 */
export function limitConnections(server: Server): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = 512;
}

/** Requests closer together than this are a burst (see Demand). */
const BURST_GAP_MS = 10;

/**
 * Whether Slack is waiting for answers: a request is in flight, or one arrived within the last
 * BURST_GAP_MS (in a burst, the next is on its way). The outbox worker yields to it.
 */
export class Demand {
  private waiting = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;

  arrived(response: ServerResponse): void {
    this.waiting += 1;
    this.lastArrival = performance.now();
    response.once('close', () => {
      this.waiting -= 1;
    });
  }

  busy(): boolean {
    return this.waiting > 0 || performance.now() - this.lastArrival < BURST_GAP_MS;
  }
}

/**
 * Shutting down without taking requests that arrive meanwhile. `server.close()` stops new
 * connections, but a client holding a keep-alive connection could go on sending requests on it
 * while in-flight work drained. Once `begin()` is called: idle connections are closed at once; a
 * request that arrives on an open connection is answered 503 with `Connection: close`; and each
 * connection is closed as soon as its in-flight request is answered, so draining waits for the
 * work, not for keep-alive timeouts.
 */
export class Drain {
  private server: Server | undefined;
  private draining = false;

  attach(server: Server): void {
    this.server = server;
  }

  begin(): void {
    this.draining = true;
    this.server?.closeIdleConnections();
  }

  /** Refuses the request when draining; otherwise watches it, to close its connection once answered. */
  refused(request: IncomingMessage, response: ServerResponse): boolean {
    if (!this.draining) {
      response.once('finish', () => {
        // Answered while draining: nothing more on this connection (its next request, if one
        // arrives before the close, is refused above).
        if (this.draining) setImmediate(() => this.server?.closeIdleConnections());
      });
      return false;
    }
    response.setHeader('connection', 'close');
    response.setHeader('retry-after', '5');
    sendJson(response, 503, { ok: false, error: 'shutting_down' });
    response.once('finish', () => request.destroy());
    return true;
  }
}
