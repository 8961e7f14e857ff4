import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UserId } from '../domain/incident.js';

export const SESSION_COOKIE = 'fw_session';
export const SESSION_MS = 8 * 60 * 60_000;

export interface Session {
  user: UserId;
  name: string;
  /** Epoch milliseconds after which the cookie is refused. */
  expires: number;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** `payload.signature`: the payload is readable (it holds no secret), the signature makes it unforgeable. */
export function sealSession(secret: string, session: Session): string {
  const payload = Buffer.from(
    JSON.stringify({ u: session.user, n: session.name, e: session.expires }),
  ).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

/** The session a cookie carries, if its signature holds and it has not expired at `now`. */
export function openSession(secret: string, value: string, now: number): Session | undefined {
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      u?: unknown;
      n?: unknown;
      e?: unknown;
    };
    if (typeof data.u !== 'string' || typeof data.e !== 'number' || data.e <= now) return undefined;
    return { user: data.u, name: typeof data.n === 'string' ? data.n : data.u, expires: data.e };
  } catch {
    return undefined;
  }
}

export function cookiesOf(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return cookies;
}

export function cookie(
  name: string,
  value: string,
  options: { maxAgeSeconds: number; secure: boolean; path?: string },
): string {
  return [
    `${name}=${value}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
