import type { Effect } from '../domain/effects.js';
import type { TimelineEvent } from '../domain/events.js';
import type { Incident } from '../domain/incident.js';
import type { Service } from '../domain/ports.js';
import type { Deps } from './context.js';

/** The events the channel hears about, as a message each. */
const POSTED = new Set<TimelineEvent['kind']>([
  'status_changed',
  'update_posted',
  'severity_changed',
  'role_assigned',
  'note_added',
  'action_added',
  'action_done',
  'impact_recorded',
  'milestone_set',
  'paged',
  'page_failed',
  'pagerduty',
  'resolved',
  'reopened',
  'closed',
  'reminder_sent',
  'cause_linked',
  'cause_removed',
  'visibility_changed',
]);

/** Events that change what the cards show. */
const REFRESHES = new Set<TimelineEvent['kind']>([
  'status_changed',
  'update_posted',
  'severity_changed',
  'role_assigned',
  'handed_off',
  'action_added',
  'action_done',
  'impact_recorded',
  'milestone_set',
  'pagerduty',
  'resolved',
  'reopened',
  'closed',
  'reminder_sent',
  'cause_linked',
  'cause_removed',
]);

export function canPage(deps: Deps, service: Service | undefined): boolean {
  return Boolean(deps.pager && service?.pagerduty?.routingKeyEnv);
}

function pages(deps: Deps, incident: Incident): boolean {
  return deps.settings.pageSeverities.includes(incident.severity);
}

/**
 * What the outside world hears about a change, decided in one place: the use cases record these in
 * the same transaction as the events, and the outbox worker carries them out in this order.
 */
export function effectsFor(
  deps: Deps,
  before: Incident | undefined,
  after: Incident,
  events: readonly TimelineEvent[],
): Effect[] {
  const effects: Effect[] = [];
  const service = after.service ? deps.catalog.find(after.service) : undefined;
  const pageable = canPage(deps, service);
  let refresh = false;

  for (const event of events) {
    switch (event.kind) {
      case 'declared':
        effects.push(
          { type: 'channel.create' },
          { type: 'channel.invite', users: [event.actor] },
          { type: 'channel.topic' },
          { type: 'card.post' },
        );
        if (service) effects.push({ type: 'runbook.post' });
        if (deps.settings.announceChannel && !after.private) effects.push({ type: 'announce.post' });
        // A declaration that arrives with its page (auto-declared from PagerDuty) is paged already.
        if (pageable && pages(deps, after) && !after.page) effects.push({ type: 'page.trigger' });
        if (deps.pager && service?.pagerduty?.escalationPolicyId) effects.push({ type: 'oncall.invite' });
        break;
      case 'role_assigned':
        effects.push({ type: 'channel.invite', users: [event.user] });
        break;
      case 'handed_off':
        effects.push(
          { type: 'channel.invite', users: [event.to] },
          { type: 'handoff.brief', seq: event.seq },
        );
        break;
      case 'severity_changed': {
        const alreadyPaged = before?.page?.triggeredAt !== undefined && before.page.resolvedAt === undefined;
        if (pageable && pages(deps, after) && !alreadyPaged) effects.push({ type: 'page.trigger' });
        break;
      }
      case 'reopened':
        if (pageable && before?.page?.triggeredAt) effects.push({ type: 'page.trigger' });
        break;
      case 'visibility_changed':
        // Public again: announced (or its withdrawn card restored by the refresh below).
        if (event.private) effects.push({ type: 'announce.withdraw' });
        else if (deps.settings.announceChannel) effects.push({ type: 'announce.post' });
        refresh = true;
        break;
      default:
        break;
    }
    if (POSTED.has(event.kind)) effects.push({ type: 'event.post', seq: event.seq });
    if (event.kind === 'resolved') {
      if (pageable && before?.page?.triggeredAt && !before.page.resolvedAt)
        effects.push({ type: 'page.resolve' });
      effects.push({ type: 'postmortem.publish' });
    }
    if (REFRESHES.has(event.kind)) refresh = true;
  }
  if (refresh) effects.push({ type: 'cards.refresh' });
  if (after.recordedAfterTheFact) return recordedEffects(effects, events);
  return effects;
}

/**
 * An incident recorded after it was over has no channel, card, announcement or page to tell. A
 * person who records one gets its postmortem draft written, as for any resolved incident; an import
 * brings history whose postmortems were written elsewhere (`firewatch postmortem INC-n` drafts one).
 */
function recordedEffects(effects: Effect[], events: readonly TimelineEvent[]): Effect[] {
  const typed = events.some((event) => event.kind === 'declared' && event.recorded?.via === 'record');
  return typed ? effects.filter((effect) => effect.type === 'postmortem.publish') : [];
}
