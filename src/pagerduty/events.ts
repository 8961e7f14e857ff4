import type { Alert, AlertSeverity } from '../domain/pager.js';

/**
 * The body of `POST /v2/enqueue` (Events API v2). Written out here rather than taken from pdjs, whose
 * 2.2.4 types demand a payload even on resolve and know nothing of `client`.
 */
export interface AlertEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: AlertSeverity;
    timestamp?: string;
    custom_details?: Record<string, unknown>;
  };
  client?: string;
  client_url?: string;
  links?: Array<{ href: string; text?: string }>;
}

/** Limits from developer-docs events-API-v2/02-Trigger-Events.md. */
const MAX_SUMMARY = 1024;
const MAX_DEDUP_KEY = 255;

/** Cuts on a code point boundary, so an emoji in a title never leaves half a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, splitsPair ? max - 1 : max);
}

export function triggerEvent(alert: Alert): AlertEvent {
  const link = alert.links[0];
  return {
    routing_key: alert.routingKey,
    event_action: 'trigger',
    dedup_key: cut(alert.dedupKey, MAX_DEDUP_KEY),
    payload: {
      summary: cut(alert.summary, MAX_SUMMARY),
      source: alert.source,
      severity: alert.severity,
      timestamp: alert.timestamp,
      custom_details: alert.customDetails,
    },
    client: 'Firewatch',
    ...(link ? { client_url: link.href } : {}),
    ...(alert.links.length > 0 ? { links: alert.links } : {}),
  };
}

/** Ack and resolve need only the key pair: the docs' own examples carry no payload. */
export function resolveEvent(routingKey: string, dedupKey: string): AlertEvent {
  return { routing_key: routingKey, event_action: 'resolve', dedup_key: cut(dedupKey, MAX_DEDUP_KEY) };
}
