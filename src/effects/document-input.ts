import { isPerson, PAGERDUTY } from '../domain/actors.js';
import { budgetIncident, budgetQuery } from '../domain/budget-query.js';
import type { Deployment } from '../domain/deployments.js';
import type { ErrorBudgetInput } from '../domain/error-budget.js';
import type { TimelineEvent } from '../domain/events.js';
import type { Incident, UserId } from '../domain/incident.js';
import type { IncidentRefs } from '../domain/refs.js';
import { runbookLink } from '../domain/service-catalog.js';
import { millis, toInstant } from '../domain/time.js';
import type { EffectDeps } from './effect-context.js';
import type { DocumentInput } from './ports.js';

/** Everyone a document may name: participants, actors, owners, and people mentioned in text. */
function peopleIn(incident: Incident, timeline: readonly TimelineEvent[]): Set<UserId> {
  const users = new Set<UserId>([...incident.participants, ...timeline.map((event) => event.actor)]);
  for (const action of incident.actions) if (action.owner) users.add(action.owner);
  for (const match of JSON.stringify(timeline).matchAll(
    /<@([UW][A-Z0-9]+)>|"(?:user|to|from|previous|owner|author)":"([^"]+)"/g,
  )) {
    users.add((match[1] ?? match[2])!);
  }
  return users;
}

/**
 * Everything a template needs. People are written by `mention` (a chat message) or, by default,
 * by their name from the directory (a file people read outside chat).
 */
export async function documentInput(
  deps: EffectDeps,
  incident: Incident,
  /** Typed refs, or the store's own record: only the channel's id and name are read. */
  refs: Pick<IncidentRefs, 'channel' | 'channelName'>,
  timeline: TimelineEvent[],
  mention?: (user: UserId) => string,
): Promise<DocumentInput> {
  const { directory, settings } = deps;
  const written: Record<UserId, string> = {};
  for (const user of peopleIn(incident, timeline)) {
    if (!isPerson(user)) written[user] = user === PAGERDUTY ? 'PagerDuty' : 'Firewatch';
    else if (mention) written[user] = mention(user);
    else
      written[user] = directory
        ? ((await directory.profile(user).catch(() => undefined))?.name ?? user)
        : user;
  }
  const commander = incident.roles.commander;
  const zone =
    commander && directory
      ? ((await directory.profile(commander).catch(() => undefined))?.zone ?? 'UTC')
      : 'UTC';
  const service = incident.service ? deps.catalog.find(incident.service) : undefined;
  const runbookUrl = service ? runbookLink(settings.runbookBaseUrl, service) : undefined;
  const [errorBudget, cause] = await Promise.all([
    errorBudgetInput(deps, incident),
    causeDeployment(deps, incident),
  ]);
  return {
    incident,
    timeline,
    now: toInstant(deps.clock.now()),
    people: written,
    zone,
    ...(refs.channelName ? { channelName: refs.channelName } : {}),
    ...(refs.channel && settings.channelUrl ? { channelUrl: settings.channelUrl(refs.channel) } : {}),
    ...(runbookUrl ? { runbookUrl } : {}),
    ...(errorBudget ? { errorBudget } : {}),
    ...(cause ? { cause } : {}),
  };
}

/** The service's SLOs and its incidents in their windows; none when the service has no SLOs. */
export async function errorBudgetInput(
  deps: EffectDeps,
  incident: Incident,
): Promise<ErrorBudgetInput | undefined> {
  const service = incident.service ? deps.catalog.find(incident.service) : undefined;
  const slos = service?.slos ?? [];
  if (!service || slos.length === 0) return undefined;
  // From the windows that held its declaration too: the card asks whether a freeze was on then.
  const now = deps.clock.now().getTime();
  const from = Math.min(now, millis(incident.milestones.declaredAt));
  // Report rows, not whole incidents: a service with a long history has thousands in its windows,
  // and every card refresh asks.
  const rows = await deps.store.reportRows(budgetQuery(service.name, slos, toInstant(new Date(from))));
  return { slos, incidents: rows.map(budgetIncident), policy: deps.settings.errorBudgetPolicy };
}

/** The deployment linked as the incident's cause, with the changes it shipped, if it is on record. */
export async function causeDeployment(deps: EffectDeps, incident: Incident): Promise<Deployment | undefined> {
  if (!incident.cause) return undefined;
  return (await deps.store.deployments({ ref: incident.cause.deploymentId, limit: 1 }))[0];
}
