import { PAGERDUTY } from '../domain/actors.js';
import { declare } from '../domain/decisions.js';
import { FirewatchError } from '../domain/errors.js';
import type { PagerDutyEventKind } from '../domain/events.js';
import type { Incident, IncidentId } from '../domain/incident.js';
import { normalizeIncoming } from '../domain/incoming-text.js';
import { dedupKey, incidentOfDedupKey } from '../domain/pager.js';
import type { SeenMarker, Service } from '../domain/ports.js';
import { writeRefs } from '../domain/refs.js';
import type { Severity } from '../domain/severity.js';
import { type Instant, millis, toInstant } from '../domain/time.js';
import type { Deps } from './context.js';
import { withDeclareSlot } from './declare-rate.js';
import { changeIncident, createIncident, type Decided } from './incident-change.js';

/** A PagerDuty incident as a webhook v3 event describes it (`event.data` of type `incident`). */
export interface PagerDutyIncident {
  id: string;
  number?: number;
  title: string;
  urgency?: string;
  /** For an incident opened by an Events API alert, the alert's dedup key. */
  incidentKey?: string;
  url?: string;
  serviceId?: string;
  /** The priority's name, e.g. `P1`. */
  priority?: string;
  /** Names of the people it is assigned to. */
  assignees: string[];
}

/** One webhook v3 delivery about an incident, as the adapter read it. */
export interface PagerDutyIncidentEvent {
  /** `X-Webhook-Id`: the same on every redelivery of one webhook (developer-docs webhooks/02-Behavior.md). */
  deliveryId: string;
  /** `event.id`: the same in every subscription's delivery of one event. */
  eventId: string;
  /** `incident.acknowledged`, … */
  type: string;
  /** When it happened in PagerDuty; absent when the body did not say. */
  occurredAt?: Instant;
  /** Who did it, as PagerDuty names them. */
  agent?: string;
  incident: PagerDutyIncident;
}

export type WebhookOutcome =
  | { outcome: 'duplicate' }
  | { outcome: 'ignored'; reason: string }
  /** Not declared, though it asked to be: over DECLARE_RATE_LIMIT (logged as a warning). */
  | { outcome: 'refused'; reason: string }
  | { outcome: 'recorded'; incident: IncidentId }
  | { outcome: 'declared'; incident: IncidentId };

/** The webhook events that become timeline entries; PagerDuty sends many more, which are ignored. */
const FOLLOWED: Record<string, PagerDutyEventKind> = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.escalated': 'escalated',
  'incident.reassigned': 'reassigned',
};

const MAX_TITLE = 200;

function ignored(reason: string): WebhookOutcome {
  return { outcome: 'ignored', reason };
}

function names(list: readonly string[]): string {
  return list.length > 0 ? list.join(', ') : 'nobody';
}

function summaryOf(kind: PagerDutyEventKind, event: PagerDutyIncidentEvent): string {
  const { incident } = event;
  const which = incident.number !== undefined ? `incident #${incident.number}` : 'incident';
  const by = event.agent ? ` by ${event.agent}` : '';
  switch (kind) {
    case 'triggered':
      return `${which} opened${incident.urgency ? ` (${incident.urgency} urgency)` : ''}, assigned to ${names(incident.assignees)}`;
    case 'acknowledged':
      return `${which} acknowledged${by}`;
    case 'resolved':
      return `${which} resolved${by}`;
    case 'escalated':
      return `${which} escalated, now with ${names(incident.assignees)}`;
    case 'reassigned':
      return `${which} reassigned to ${names(incident.assignees)}${by}`;
  }
}

/**
 * When PagerDuty says it happened, kept between the declaration and now: a clock that runs ahead or
 * behind must not put an acknowledgement before the declaration (TTA would go negative and the
 * milestones out of order) or in the future.
 */
function within(at: Instant, incident: Incident, now: Instant): Instant {
  const earliest = millis(incident.milestones.declaredAt);
  const clamped = Math.min(Math.max(millis(at), earliest), millis(now));
  return Number.isNaN(clamped) ? now : toInstant(new Date(clamped));
}

function serviceOf(deps: Deps, pagerdutyServiceId: string | undefined): Service | undefined {
  if (!pagerdutyServiceId) return undefined;
  return deps.catalog.services().find((service) => service.pagerduty?.serviceId === pagerdutyServiceId);
}

/** P1 is the worst PagerDuty priority by default; a high-urgency page without one is major. */
function severityOf(priority: string | undefined): Severity {
  const match = /^P([1-5])$/i.exec(priority?.trim() ?? '');
  return `SEV${match ? Math.min(Number(match[1]), 4) : 2}` as Severity;
}

/**
 * The Firewatch incident a PagerDuty incident belongs to: remembered from an earlier webhook, or
 * found by the dedup key of our own page. For an incident opened by an alert, PagerDuty's
 * `incident_key` is the alert's `dedup_key` (developer-docs events-API-v2/02-Trigger-Events.md speaks
 * of "the same incident_key / dedup_key"). Alert grouping can fold our alert into an incident opened
 * by another, so the title our page gave it (`INC-7 …`) on the same service is the last resort.
 */
async function linkedIncident(deps: Deps, pd: PagerDutyIncident): Promise<Incident | undefined> {
  const remembered = await deps.store.findByRef('pagerduty', pd.id);
  if (remembered) return (await deps.store.load(remembered))?.incident;
  const byKey = pd.incidentKey ? incidentOfDedupKey(pd.incidentKey) : undefined;
  if (byKey) {
    const incident = (await deps.store.load(byKey))?.incident;
    if (incident && (dedupKey(incident) === pd.incidentKey || incident.page?.dedupKey === pd.incidentKey))
      return incident;
  }
  const byTitle = /^(INC-\d+) /.exec(pd.title)?.[1];
  if (byTitle) {
    const incident = (await deps.store.load(byTitle))?.incident;
    const service = incident?.service ? deps.catalog.find(incident.service) : undefined;
    if (incident && pd.serviceId && service?.pagerduty?.serviceId === pd.serviceId) return incident;
  }
  return undefined;
}

async function record(
  deps: Deps,
  incident: Incident,
  kind: PagerDutyEventKind,
  event: PagerDutyIncidentEvent,
): Promise<WebhookOutcome> {
  const pd = event.incident;
  if (incident.status === 'closed') return ignored(`${incident.id} is closed`);
  await changeIncident(
    deps,
    incident.id,
    PAGERDUTY,
    (current, now) => {
      if (current.status === 'closed') return [];
      const at = within(event.occurredAt ?? now, current, now);
      const decided: Decided[] = [
        {
          kind: 'pagerduty',
          event: kind,
          summary: summaryOf(kind, event),
          pagerdutyIncidentId: pd.id,
          ...(pd.url ? { url: pd.url } : {}),
          at,
        },
      ];
      // Resolved in PagerDuty: the alert is over, so resolving the incident here sends nothing more.
      if (kind === 'resolved' && current.page?.triggeredAt && !current.page.resolvedAt)
        decided.push({ kind: 'page_resolved', service: current.page.service, at });
      return decided;
    },
    { seen: deliveryMarkers(event), refs: writeRefs({ pagerduty: pd.id }) },
  );
  return { outcome: 'recorded', incident: incident.id };
}

/**
 * A service whose runbook says `auto_declare: true` gets an incident for each high-urgency page.
 * The declaration carries its page along (`paged`), so the effects policy does not page again.
 */
async function autoDeclare(deps: Deps, event: PagerDutyIncidentEvent): Promise<WebhookOutcome> {
  const pd = event.incident;
  const service = serviceOf(deps, pd.serviceId);
  if (!service?.pagerduty?.autoDeclare) return ignored('not linked to a Firewatch incident');
  if (pd.urgency !== 'high') return ignored(`${service.name} declares only for high-urgency incidents`);
  // Cleaned like a slash command's text: a title can carry `<!channel>` or a dressed-up link.
  const title =
    normalizeIncoming(pd.title).trim().slice(0, MAX_TITLE) || `PagerDuty incident ${pd.number ?? pd.id}`;
  // One incident, one declaration, even if PagerDuty tells of its triggering twice at once.
  const once: SeenMarker[] = [...deliveryMarkers(event), { source: 'pagerduty-declared', key: pd.id }];
  const declareWith = (slot: SeenMarker[]) =>
    createIncident(
      deps,
      PAGERDUTY,
      (number) => [
        ...declare({
          number,
          title,
          severity: severityOf(pd.priority),
          service: service.name,
          private: false,
          description: `Declared from PagerDuty incident ${pd.number !== undefined ? `#${pd.number}` : pd.id}${pd.url ? ` (${pd.url})` : ''}.`,
        }),
        { kind: 'paged', service: service.name, dedupKey: pd.incidentKey ?? `pagerduty/${pd.id}` },
        {
          kind: 'pagerduty',
          event: 'triggered',
          summary: summaryOf('triggered', event),
          pagerdutyIncidentId: pd.id,
          ...(pd.url ? { url: pd.url } : {}),
        },
      ],
      { seen: [...once, ...slot], refs: writeRefs({ pagerduty: pd.id }) },
    );
  let declared: Awaited<ReturnType<typeof declareWith>>;
  try {
    // A runaway integration cannot open a hundred channels: each service has DECLARE_RATE_LIMIT.
    declared = await withDeclareSlot(deps, { pagerdutyService: service.name }, declareWith, async () => {
      for (const marker of once) if (await deps.store.seen(marker)) return true;
      return false;
    });
  } catch (error) {
    if (FirewatchError.is(error, 'RATE_LIMITED')) return { outcome: 'refused', reason: error.message };
    throw error;
  }
  const { incident } = declared;
  return { outcome: 'declared', incident: incident.id };
}

/**
 * PagerDuty webhooks v3: acknowledgements, resolutions, escalations and reassignments of the
 * incidents our pages opened become timeline entries (an acknowledgement sets the TTA milestone);
 * a high-urgency incident on an `auto_declare` service declares one. Redeliveries are dropped.
 */
export async function handlePagerDutyEvent(
  deps: Deps,
  event: PagerDutyIncidentEvent,
): Promise<WebhookOutcome> {
  const kind = FOLLOWED[event.type];
  if (!kind) return ignored(`Firewatch does not follow ${event.type}`);
  // Redeliveries repeat the webhook id; two subscriptions (one per service, one per account, say)
  // deliver the same event under two webhook ids. Both are recorded with what the event changes, in
  // the same commit, so a delivery whose handling failed is handled again when PagerDuty retries it.
  const [delivery, once] = deliveryMarkers(event);
  if ((await deps.store.seen(delivery!)) || (await deps.store.seen(once!))) return { outcome: 'duplicate' };
  try {
    const incident = await linkedIncident(deps, event.incident);
    if (incident) return await record(deps, incident, kind, event);
    if (kind === 'triggered') return await autoDeclare(deps, event);
    return ignored('not linked to a Firewatch incident');
  } catch (error) {
    // Another replica, or a concurrent delivery, handled it first.
    if (FirewatchError.is(error, 'DUPLICATE')) return { outcome: 'duplicate' };
    throw error;
  }
}

function deliveryMarkers(event: PagerDutyIncidentEvent): SeenMarker[] {
  return [
    { source: 'pagerduty-webhook', key: event.deliveryId },
    { source: 'pagerduty-event', key: event.eventId },
  ];
}
