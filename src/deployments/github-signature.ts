import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=` and 64 hex digits: HMAC-SHA256 of the raw body with the webhook's secret (GitHub docs, "Validating webhook deliveries"). */
const SHA256 = /^sha256=([0-9a-f]{64})$/i;

export function githubSignatureOf(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Checks `X-Hub-Signature-256` against the raw body, in time that does not depend on the bytes. */
export function verifyGithubSignature(body: Buffer, header: string | undefined, secret: string): boolean {
  const hex = header ? SHA256.exec(header.trim())?.[1] : undefined;
  if (!hex || !secret) return false;
  return timingSafeEqual(Buffer.from(hex, 'hex'), createHmac('sha256', secret).update(body).digest());
}
