import { toInstant } from '../domain/time.js';
import type { PagerDutyIncident, PagerDutyIncidentEvent } from '../usecases/pagerduty-webhook.js';

/** What a webhook v3 body holds: an event about an incident, or something else (pings, services, notes). */
export type ParsedWebhook =
  | { kind: 'incident'; event: Omit<PagerDutyIncidentEvent, 'deliveryId'> }
  | { kind: 'other'; type: string; eventId?: string };

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** A reference (`{id, summary, type: 'user_reference'}`) named the way PagerDuty shows it. */
function nameOf(value: unknown): string | undefined {
  const reference = object(value);
  return text(reference?.summary) ?? text(reference?.name) ?? text(reference?.id);
}

function incidentOf(data: Json): PagerDutyIncident | undefined {
  const id = text(data.id);
  if (!id) return undefined;
  const number = typeof data.number === 'number' ? data.number : undefined;
  const urgency = text(data.urgency);
  const incidentKey = text(data.incident_key);
  const url = text(data.html_url);
  const serviceId = text(object(data.service)?.id);
  const priority = nameOf(data.priority);
  return {
    id,
    title: text(data.title) ?? '',
    ...(number !== undefined ? { number } : {}),
    ...(urgency ? { urgency } : {}),
    ...(incidentKey ? { incidentKey } : {}),
    ...(url ? { url } : {}),
    ...(serviceId ? { serviceId } : {}),
    ...(priority ? { priority } : {}),
    assignees: (Array.isArray(data.assignees) ? data.assignees : [])
      .map(nameOf)
      .filter((name): name is string => name !== undefined),
  };
}

/**
 * Reads a webhook v3 body: `{"event": {id, event_type, occurred_at, agent, data}}`, one event per
 * request (developer-docs webhooks/01-Overview.md). Incident events carry `data.type: "incident"`;
 * their `data` is not the REST Incident (`number`, `assignees`, not `incident_number`, `assignments`).
 * Throws on a body that is not such JSON.
 */
export function parseWebhook(body: Buffer): ParsedWebhook {
  const event = object(object(JSON.parse(body.toString('utf8')))?.event);
  if (!event) throw new Error('the body has no "event" object');
  const type = text(event.event_type) ?? 'unknown';
  const eventId = text(event.id);
  const data = object(event.data);
  const incident = data?.type === 'incident' ? incidentOf(data) : undefined;
  if (!incident || !eventId) return { kind: 'other', type, ...(eventId ? { eventId } : {}) };
  const occurred = Date.parse(text(event.occurred_at) ?? '');
  const agent = nameOf(event.agent);
  return {
    kind: 'incident',
    event: {
      eventId,
      type,
      ...(Number.isNaN(occurred) ? {} : { occurredAt: toInstant(new Date(occurred)) }),
      ...(agent ? { agent } : {}),
      incident,
    },
  };
}
