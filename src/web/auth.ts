import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { UserId } from '../domain/incident.js';
import type { Clock, UserDirectory } from '../domain/ports.js';
import type { Reader } from './context.js';
import { cookie, cookiesOf, openSession, SESSION_COOKIE, SESSION_MS, sealSession } from './session.js';

/** How the dashboard knows who is reading (DASHBOARD_AUTH). */
export type DashboardAuthConfig =
  | { mode: 'off'; viewer?: UserId }
  | { mode: 'proxy'; trustedProxies: readonly string[] }
  | {
      mode: 'slack';
      clientId: string;
      clientSecret: string;
      sessionSecret: string;
      /** Slack's Web API base: the OpenID Connect methods live there too. */
      apiUrl: string;
      /** Where the dashboard is reached from outside, for the sign-in redirect; else from the Host header. */
      publicUrl?: string;
    };

/** Nobody in particular: a viewer id that is never anyone's, so private incidents stay hidden. */
export const NOBODY: UserId = 'system:dashboard';

/** A request the dashboard will not serve as it stands: a 401 with words, or a redirect. */
export type AuthAnswer =
  | { reader: Reader }
  | { status: 401; message: string; hint: string; signIn?: boolean }
  | { status: 302; location: string; cookies: string[] };

export interface Authenticator {
  readonly mode: DashboardAuthConfig['mode'];
  identify(request: IncomingMessage): Promise<AuthAnswer>;
  /** Sign-in, its callback and sign-out (Slack mode), or undefined for any other path. */
  signIn?(request: IncomingMessage, url: URL): Promise<AuthAnswer | undefined>;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** `Secure` cookies need HTTPS; a browser on localhost is the one place plain HTTP is expected. */
function isLocal(request: IncomingMessage): boolean {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  return LOOPBACK_NAMES.has(host);
}

function normalizeAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:/, '');
}

async function zoneOf(directory: UserDirectory | undefined, user: UserId): Promise<string> {
  const profile = await directory?.profile(user).catch(() => undefined);
  return profile?.zone ?? 'UTC';
}

export function createAuthenticator(
  config: DashboardAuthConfig,
  people: { directory?: UserDirectory; clock: Clock; consoleZone?: string },
): Authenticator {
  if (config.mode === 'off') {
    const viewer = config.viewer ?? NOBODY;
    return {
      mode: 'off',
      async identify() {
        const zone =
          people.consoleZone ?? (viewer === NOBODY ? 'UTC' : await zoneOf(people.directory, viewer));
        return { reader: { viewer, zone, ...(viewer === NOBODY ? {} : { name: `@${viewer}` }) } };
      },
    };
  }
  if (config.mode === 'proxy') {
    const trusted = new Set(config.trustedProxies.map(normalizeAddress));
    return {
      mode: 'proxy',
      async identify(request) {
        const from = normalizeAddress(request.socket.remoteAddress);
        if (!trusted.has(from))
          return {
            status: 401,
            message: `This request came from ${from}, which is not an authenticating proxy this dashboard trusts.`,
            hint: 'Open the dashboard through your sign-in proxy, or add its address to DASHBOARD_TRUSTED_PROXIES.',
          };
        const email = request.headers['x-forwarded-email'];
        const address = (Array.isArray(email) ? email[0] : email)?.trim();
        if (!address)
          return {
            status: 401,
            message: 'The proxy did not say who you are (no X-Forwarded-Email header).',
            hint: 'Configure the proxy to pass the signed-in e-mail address (oauth2-proxy: --set-xauthrequest or --pass-user-headers).',
          };
        const user = await people.directory?.findByEmail(address);
        if (!user)
          return {
            status: 401,
            message: `No Slack account has the e-mail address ${address}.`,
            hint: 'Sign in to the proxy with the address of your Slack account.',
          };
        return { reader: { viewer: user, name: address, zone: await zoneOf(people.directory, user) } };
      },
    };
  }
  return slackAuthenticator(config, people);
}

const STATE_COOKIE = 'fw_signin';

function slackAuthenticator(
  config: Extract<DashboardAuthConfig, { mode: 'slack' }>,
  people: { directory?: UserDirectory; clock: Clock },
): Authenticator {
  const apiUrl = config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/`;
  // Slack's sign-in page is on its web origin: https://slack.com/api/ → https://slack.com.
  const authorizeUrl = `${new URL(apiUrl).origin}/openid/connect/authorize`;
  const callbackOf = (request: IncomingMessage) => {
    const base =
      config.publicUrl ?? `${isLocal(request) ? 'http' : 'https'}://${request.headers.host ?? 'localhost'}`;
    return `${base.replace(/\/+$/, '')}/auth/callback`;
  };
  const refuse = (message: string, hint = 'Sign in with Slack again.'): AuthAnswer => ({
    status: 401,
    message,
    hint,
    signIn: true,
  });
  const slackApi = async (method: string, init: RequestInit): Promise<Record<string, unknown>> => {
    const response = await fetch(`${apiUrl}${method}`, { ...init, signal: AbortSignal.timeout(15_000) });
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    mode: 'slack',
    async identify(request) {
      const value = cookiesOf(request.headers.cookie)[SESSION_COOKIE];
      if (!value)
        return refuse('You are not signed in.', 'Sign in with your Slack account to see the dashboard.');
      const session = openSession(config.sessionSecret, value, people.clock.now().getTime());
      if (!session) return refuse('Your session has expired or is not valid.');
      return {
        reader: {
          viewer: session.user,
          name: session.name,
          zone: await zoneOf(people.directory, session.user),
        },
      };
    },
    async signIn(request, url) {
      const secure = !isLocal(request);
      if (url.pathname === '/auth/login') {
        const state = randomBytes(16).toString('hex');
        const query = new URLSearchParams({
          response_type: 'code',
          scope: 'openid profile email',
          client_id: config.clientId,
          state,
          nonce: randomBytes(16).toString('hex'),
          redirect_uri: callbackOf(request),
        });
        return {
          status: 302,
          location: `${authorizeUrl}?${query}`,
          cookies: [cookie(STATE_COOKIE, state, { maxAgeSeconds: 600, secure, path: '/auth' })],
        };
      }
      if (url.pathname === '/auth/logout') {
        return {
          status: 302,
          location: '/',
          cookies: [cookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure })],
        };
      }
      if (url.pathname !== '/auth/callback') return undefined;
      const state = url.searchParams.get('state');
      const code = url.searchParams.get('code');
      if (!state || state !== cookiesOf(request.headers.cookie)[STATE_COOKIE])
        return refuse(
          'This sign-in did not start here, or took too long.',
          'Start again from Sign in with Slack.',
        );
      if (!code) return refuse(`Slack did not sign you in (${url.searchParams.get('error') ?? 'no code'}).`);
      const token = await slackApi('openid.connect.token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: config.clientId,
          client_secret: config.clientSecret,
          code,
          redirect_uri: callbackOf(request),
        }).toString(),
      });
      if (token.ok !== true || typeof token.access_token !== 'string')
        return refuse(`Slack did not sign you in (${String(token.error ?? 'no access token')}).`);
      const info = await slackApi('openid.connect.userInfo', {
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      const user = info['https://slack.com/user_id'];
      if (info.ok !== true || typeof user !== 'string')
        return refuse(`Slack did not say who you are (${String(info.error ?? 'no user id')}).`);
      const name =
        typeof info.name === 'string' ? info.name : typeof info.email === 'string' ? info.email : user;
      const sealed = sealSession(config.sessionSecret, {
        user,
        name,
        expires: people.clock.now().getTime() + SESSION_MS,
      });
      return {
        status: 302,
        location: '/',
        cookies: [
          cookie(SESSION_COOKIE, sealed, { maxAgeSeconds: SESSION_MS / 1000, secure }),
          cookie(STATE_COOKIE, '', { maxAgeSeconds: 0, secure, path: '/auth' }),
        ],
      };
    },
  };
}
