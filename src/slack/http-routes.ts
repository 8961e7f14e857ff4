import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { CustomRoute } from '@slack/bolt';

/**
 * The largest body any route reads. Slack's payloads are far smaller (a slash command is a few kB, a
 * large form tens of kB), and so are PagerDuty's webhooks; Bolt alone would buffer 4 MB of an
 * unsigned body before checking its signature.
 */
export const BODY_LIMIT = 256 * 1024;

/**
 * How long a body may take to arrive. Slack and PagerDuty send theirs in milliseconds; a body
 * trickled a byte a second would otherwise hold its connection until Node's request timeout, which
 * Node only enforces every 30 s (`connectionsCheckingInterval`), so up to 45 s.
 */
export const BODY_DEADLINE_MS = 10_000;

/**
 * Reads a request body, refusing more than `limit` bytes: the rest is discarded as it arrives, so
 * that the refusal can still be answered (and the connection closed after it). A body not whole
 * within BODY_DEADLINE_MS is refused too ('body too slow').
 */
export function readBody(request: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const deadline = setTimeout(() => {
      request.off('data', collect);
      chunks.length = 0;
      reject(new Error('body too slow'));
    }, BODY_DEADLINE_MS);
    deadline.unref();
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', collect);
        chunks.length = 0;
        request.resume();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', collect);
    request.on('end', () => {
      clearTimeout(deadline);
      resolve(Buffer.concat(chunks));
    });
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
  });
}

/** A body that did not arrive in time: 408, and the connection closed. */
export function tooSlow(request: IncomingMessage, response: ServerResponse): void {
  if (!response.headersSent) {
    response.setHeader('connection', 'close');
    sendJson(response, 408, { ok: false, error: 'body_too_slow' });
  }
  response.on('finish', () => request.destroy());
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export interface Probes {
  /** Throws when the database cannot answer. */
  health(): Promise<void>;
  metrics?(): Promise<{ contentType: string; body: string }>;
}

/** `/healthz` (200 when the database answers) and `/metrics` (Prometheus), beside Slack's endpoint. */
export function probeRoutes(probes: Probes): CustomRoute[] {
  const routes: CustomRoute[] = [
    {
      path: '/healthz',
      method: ['GET'],
      handler: async (_request, response) => {
        try {
          await probes.health();
          sendJson(response, 200, { ok: true });
        } catch (error) {
          sendJson(response, 503, { ok: false, error: (error as Error).message });
        }
      },
    },
  ];
  const metrics = probes.metrics;
  if (metrics) {
    routes.push({
      path: '/metrics',
      method: ['GET'],
      handler: async (_request, response) => {
        try {
          const { contentType, body } = await metrics();
          response.writeHead(200, { 'content-type': contentType });
          response.end(body);
        } catch (error) {
          // Bolt does not await custom routes: a rejection here would be unhandled.
          sendJson(response, 503, { ok: false, error: (error as Error).message });
        }
      },
    });
  }
  return routes;
}

export interface RawPost {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A POST endpoint that needs the body as sent, to check a signature over the exact bytes (PagerDuty
 * webhooks). It shares the port with Slack's endpoint in HTTP mode and in Socket Mode alike.
 */
export function rawPostRoute(
  path: string,
  handle: (request: RawPost) => Promise<{ status: number; body: unknown }>,
): CustomRoute {
  return {
    path,
    method: ['POST'],
    handler: async (request, response) => {
      let body: Buffer;
      try {
        body = await readBody(request);
      } catch (error) {
        if ((error as Error).message === 'body too slow') {
          tooSlow(request, response);
          return;
        }
        const tooLarge = (error as Error).message === 'body too large';
        if (!response.headersSent) {
          if (tooLarge) response.setHeader('connection', 'close');
          sendJson(response, tooLarge ? 413 : 400, { ok: false, error: 'unreadable_body' });
        }
        return;
      }
      const answer = await handle({ headers: request.headers, body });
      sendJson(response, answer.status, answer.body);
    },
  };
}

/**
 * `/metrics` and `/healthz` on a port of their own (METRICS_PORT): exact paths, GET only, nothing
 * else served, so that the port Slack and the webhooks reach carries no probe at all.
 */
export async function serveProbes(routes: CustomRoute[], port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const route = routes.find((candidate) => candidate.path === path);
    if (!route) {
      sendJson(response, 404, { ok: false, error: 'not_found' });
      return;
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes(request.method ?? '')) {
      response.setHeader('allow', methods.join(', '));
      sendJson(response, 405, { ok: false, error: 'method_not_allowed' });
      return;
    }
    void route.handler(request as never, response as never);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
