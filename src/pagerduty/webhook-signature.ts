import { createHmac, timingSafeEqual } from 'node:crypto';

/** `v1=` and 64 hex digits: HMAC-SHA256 of the raw body (developer-docs webhooks/04-Signatures.md). */
const V1 = /^v1=([0-9a-f]{64})$/i;

export function signatureOf(body: Buffer | string, secret: string): string {
  return `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Checks `X-PagerDuty-Signature` against the raw request body. The header may hold several
 * comma-separated signatures while a secret is being rotated; one match is enough. Versions other
 * than v1 are skipped, and each comparison takes the same time whatever the bytes.
 */
export function verifySignature(body: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || !secret) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  let matched = false;
  for (const part of header.split(',')) {
    const hex = V1.exec(part.trim())?.[1];
    if (hex && timingSafeEqual(Buffer.from(hex, 'hex'), expected)) matched = true;
  }
  return matched;
}
