import { describe, expect, it } from 'vitest';
import { signatureOf, verifySignature } from '../../src/pagerduty/webhook-signature.js';
import { loadPagerDutyData } from '../support/pagerduty-spec.js';

/** go-pagerduty's test vector (webhookv3/webhookv3_test.go): secret, raw body and expected signature. */
const vector = loadPagerDutyData<{ secret: string; body: string; signature: string }>(
  'webhook-v3-vector.json',
);
const body = Buffer.from(vector.body, 'utf8');

describe('X-PagerDuty-Signature', () => {
  it('reproduces the test vector', () => {
    expect(body.length).toBe(1655);
    expect(signatureOf(body, vector.secret)).toBe(vector.signature);
    expect(verifySignature(body, vector.signature, vector.secret)).toBe(true);
  });

  it('accepts the vector among several signatures, as during a secret rotation, spaces and all', () => {
    const other = signatureOf(body, 'the-previous-secret');
    expect(verifySignature(body, `${other},${vector.signature}`, vector.secret)).toBe(true);
    expect(verifySignature(body, `${other}, ${vector.signature} `, vector.secret)).toBe(true);
    expect(verifySignature(body, `v2=abc, ${vector.signature}`, vector.secret)).toBe(true);
  });

  it('rejects a tampered body, a wrong secret, other versions and junk', () => {
    const tampered = Buffer.from(vector.body.replace('A little bump', 'A large bump'), 'utf8');
    expect(verifySignature(tampered, vector.signature, vector.secret)).toBe(false);
    expect(verifySignature(body, vector.signature, 'another-secret')).toBe(false);
    expect(verifySignature(body, vector.signature.replace('v1=', 'v2='), vector.secret)).toBe(false);
    expect(verifySignature(body, vector.signature.slice(0, -2), vector.secret)).toBe(false);
    expect(verifySignature(body, `${vector.signature}00`, vector.secret)).toBe(false);
    expect(verifySignature(body, undefined, vector.secret)).toBe(false);
    expect(verifySignature(body, '', vector.secret)).toBe(false);
    expect(verifySignature(body, vector.signature, '')).toBe(false);
  });

  it('is over the raw bytes: the same JSON re-serialised does not match', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(vector.body), null, 1), 'utf8');
    expect(verifySignature(reserialised, vector.signature, vector.secret)).toBe(false);
  });
});
