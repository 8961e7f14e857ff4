import type { Incident } from '../domain/incident.js';
import { ALERT_SEVERITY, type Alert, dedupKey } from '../domain/pager.js';
import type { ClaimedEffect } from '../domain/ports.js';
import { type IncidentRefs, type OnCallName, readRefs, sameOnCall } from '../domain/refs.js';
import { type EffectContext, serviceOf } from './effect-context.js';
import { EffectError } from './effect-error.js';

/** A page that has failed this many times is announced in the channel while retries go on. */
const PAGE_FAILURES_BEFORE_NOTICE = 3;
/** The longest a page waits for the incident channel to exist, to link to it. */
const PAGE_WAITS_FOR_CHANNEL_MS = 3_000;

/**
 * The page runs in its own lane, beside the channel's creation; it waits a moment for the channel
 * so that the alert can link to it, but never for long: Slack being down must not delay a page.
 */
async function withChannel(
  context: EffectContext,
  incident: Incident,
  refs: IncidentRefs,
): Promise<IncidentRefs> {
  if (refs.channel || !context.deps.settings.channelUrl) return refs;
  for (let waited = 0; waited < PAGE_WAITS_FOR_CHANNEL_MS; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fresh = readRefs(await context.deps.store.refs(incident.id));
    if (fresh.channel) return fresh;
  }
  return refs;
}

/** Events API trigger for the incident's service, then the `paged` timeline entry (once). */
export async function triggerPage(
  context: EffectContext,
  incident: Incident,
  known: IncidentRefs,
): Promise<void> {
  const pager = context.deps.pager;
  const service = serviceOf(context.deps, incident);
  const envName = service?.pagerduty?.routingKeyEnv;
  if (!pager || !service || !envName) return;
  const routingKey = context.deps.settings.routingKey(envName);
  if (!routingKey)
    throw new EffectError(`${envName} is not set, so the ${service.name} routing key is unknown`, false);
  const refs = await withChannel(context, incident, known);
  const key = dedupKey(incident);
  const alert: Alert = {
    routingKey,
    dedupKey: key,
    summary: `${incident.id} ${incident.title}`.slice(0, 1024),
    severity: ALERT_SEVERITY[incident.severity],
    source: 'firewatch',
    timestamp: incident.milestones.declaredAt,
    customDetails: {
      incident: incident.id,
      severity: incident.severity,
      status: incident.status,
      service: service.name,
      commander: incident.roles.commander,
      ...(refs.channelName ? { channel: `#${refs.channelName}` } : {}),
    },
    links:
      refs.channel && context.deps.settings.channelUrl
        ? [
            {
              href: context.deps.settings.channelUrl(refs.channel),
              text: `Slack: #${refs.channelName ?? refs.channel}`,
            },
          ]
        : [],
  };
  await pager.trigger(alert);
  const page = incident.page;
  if (page?.dedupKey === key && page.triggeredAt && !page.resolvedAt) return;
  await context.outcomes.record(incident.id, { kind: 'paged', service: service.name, dedupKey: key });
}

export async function resolvePage(context: EffectContext, incident: Incident): Promise<void> {
  const pager = context.deps.pager;
  const service = serviceOf(context.deps, incident);
  const envName = service?.pagerduty?.routingKeyEnv;
  const routingKey = envName ? context.deps.settings.routingKey(envName) : undefined;
  if (!pager || !service || !routingKey || !incident.page) return;
  await pager.resolve(routingKey, incident.page.dedupKey);
  if (incident.page.resolvedAt) return;
  await context.outcomes.record(incident.id, { kind: 'page_resolved', service: service.name });
}

/** Invites the first-level on-call engineers and names them on the card. */
export async function inviteOnCall(
  context: EffectContext,
  incident: Incident,
  channel: string,
  refs: IncidentRefs,
): Promise<void> {
  const { pager, directory } = context.deps;
  const policy = serviceOf(context.deps, incident)?.pagerduty?.escalationPolicyId;
  if (!pager || !directory || !policy) return;
  const { now } = await pager.onCall(policy);
  const firstLevel = now.filter(
    (person) => person.escalationLevel === Math.min(...now.map((p) => p.escalationLevel)),
  );
  const named: OnCallName[] = [];
  for (const person of firstLevel) {
    const user = person.email ? await directory.findByEmail(person.email) : undefined;
    named.push({ name: person.name, ...(user ? { user } : {}) });
  }
  const users = new Set(named.flatMap((person) => (person.user ? [person.user] : [])));
  const fresh = [...users].filter((user) => !incident.participants.includes(user));
  if (fresh.length > 0) await context.chat.invite(channel, fresh);
  const cardChanges = named.length > 0 && !sameOnCall(refs, named);
  if (fresh.length === 0 && !cardChanges) return;
  await context.outcomes.record(incident.id, {
    kind: 'oncall_joined',
    users: fresh,
    ...(cardChanges ? { onCall: named } : {}),
  });
}

/** A page that keeps failing is said in the channel and on the timeline; retries go on. */
export async function recordPageFailure(
  context: EffectContext,
  claimed: ClaimedEffect,
  error: Error,
  final: boolean,
): Promise<void> {
  if (!final && claimed.attempt !== PAGE_FAILURES_BEFORE_NOTICE) return;
  await context.outcomes.record(claimed.incidentId, {
    kind: 'page_failed',
    error: final ? `${error.message} (gave up)` : `${error.message} (still retrying)`,
  });
}
