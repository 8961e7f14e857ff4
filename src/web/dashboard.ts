import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseIncidentId } from '../domain/incident.js';
import { type Asset, loadAssets } from './assets.js';
import type { Authenticator } from './auth.js';
import {
  type DashboardSources,
  PageProblem,
  type Reader,
  type TrendSources,
  type WebDeps,
} from './context.js';
import { html } from './html.js';
import { page } from './layout.js';
import { doraPage } from './pages/dora-page.js';
import { incidentListPage, parseListFilters } from './pages/incident-list.js';
import { incidentPage } from './pages/incident-page.js';
import { reportsPage } from './pages/reports-page.js';
import { sloPage } from './pages/slo-page.js';
import { parseWindow } from './window.js';

/**
 * Scripts only from the dashboard itself, never inline; nothing from elsewhere; no framing. Chart
 * data sits in `<script type="application/json">` blocks, which are not run and so need no exception.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** The paths the dashboard answers (GET), as Bolt's custom routes name them. */
export const DASHBOARD_PATHS = [
  '/',
  '/incidents/:id',
  '/reports',
  '/dora',
  '/slo',
  '/assets/:file',
  '/auth/login',
  '/auth/callback',
  '/auth/logout',
];

export interface DashboardOptions {
  deps: WebDeps;
  auth: Authenticator;
  sources?: DashboardSources & TrendSources;
  /** Logs an unexpected error and returns the reference the reader is shown. */
  unexpected(error: unknown, where: Record<string, unknown>): string;
}

export interface Dashboard {
  /** Answers one request; never rejects. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  response.end(body);
}

function problemPage(status: number, message: string, hint: string | undefined, signIn = false): string {
  const titles: Record<number, string> = {
    400: 'Not understood',
    401: 'Sign-in needed',
    404: 'Not found',
    500: 'Something went wrong',
  };
  return page({
    title: titles[status] ?? 'Problem',
    section: 'none',
    body: html`<h1>${titles[status] ?? 'Problem'}</h1>
<p>${message}</p>
${hint ? html`<p class="muted">${hint}</p>` : ''}
${signIn ? html`<p><a class="sign-in" href="/auth/login">Sign in with Slack</a></p>` : ''}`,
  });
}

function serveAsset(response: ServerResponse, asset: Asset) {
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': asset.type,
    'content-length': String(asset.body.length),
    'cache-control': 'public, max-age=3600',
  });
  response.end(asset.body);
}

export function createDashboard(options: DashboardOptions): Dashboard {
  const assets = loadAssets();
  const sources = options.sources ?? {};
  const { deps, auth } = options;
  const frame = { signOut: auth.mode === 'slack' };

  async function render(reader: Reader, url: URL): Promise<string | undefined> {
    const path = url.pathname;
    if (path === '/') return incidentListPage(deps, reader, parseListFilters(url.searchParams, deps), frame);
    if (path === '/reports')
      return reportsPage(
        deps,
        reader,
        parseWindow(url.searchParams) ?? '90d',
        frame,
        url.searchParams.get('live') === 'only',
      );
    if (path === '/dora')
      return doraPage(deps, sources, reader, parseWindow(url.searchParams) ?? '90d', frame);
    if (path === '/slo') return sloPage(sources, reader, frame);
    const incident = /^\/incidents\/([^/]+)$/.exec(path);
    if (incident) {
      const id = parseIncidentId(decodeURIComponent(incident[1]!));
      if (!id)
        throw new PageProblem(
          404,
          `"${incident[1]}" is not an incident id.`,
          'Incident ids look like INC-42.',
        );
      return incidentPage(deps, sources, reader, id, frame);
    }
    return undefined;
  }

  return {
    async handle(request, response) {
      try {
        const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          send(response, 405, problemPage(400, 'The dashboard only reads.', 'Use GET.'), {
            allow: 'GET, HEAD',
          });
          return;
        }
        const asset = url.pathname.startsWith('/assets/')
          ? assets.get(url.pathname.slice('/assets/'.length))
          : undefined;
        if (asset) return serveAsset(response, asset);
        const answer = url.pathname.startsWith('/auth/')
          ? await auth.signIn?.(request, url)
          : await auth.identify(request);
        if (!answer) {
          send(response, 404, problemPage(404, 'There is no such page.', 'The list of incidents is at /.'));
          return;
        }
        if ('status' in answer) {
          if (answer.status === 302) {
            response.writeHead(302, {
              ...SECURITY_HEADERS,
              location: answer.location,
              'set-cookie': answer.cookies,
              'cache-control': 'no-store',
            });
            response.end();
            return;
          }
          send(response, 401, problemPage(401, answer.message, answer.hint, answer.signIn));
          return;
        }
        const body = await render(answer.reader, url);
        if (body === undefined)
          send(response, 404, problemPage(404, 'There is no such page.', 'The list of incidents is at /.'));
        else send(response, 200, body);
      } catch (error) {
        if (error instanceof PageProblem) {
          send(response, error.status, problemPage(error.status, error.message, error.hint));
          return;
        }
        const ref = options.unexpected(error, { where: 'dashboard', path: request.url });
        if (!response.headersSent)
          send(
            response,
            500,
            problemPage(
              500,
              `The dashboard could not show this page (ref ${ref}).`,
              'Try again; if it keeps failing, give the reference to whoever runs Firewatch.',
            ),
          );
        else response.end();
      }
    },
  };
}
