import type { TimelineEvent } from '../domain/events.js';
import { MILESTONE_LABEL } from '../domain/milestones.js';
import { ROLE_TITLE } from '../domain/roles.js';
import type { Inline, Rich } from './model.js';

function quoted(text: string | undefined): Inline[] {
  return text ? [': ', { said: text }] : [];
}

/** One line per timeline event, used in channel posts, the console and the postmortem. */
export function describeEvent(event: TimelineEvent): Rich {
  const by: Inline = { user: event.actor };
  switch (event.kind) {
    case 'declared':
      if (event.recorded)
        return [
          event.recorded.via === 'import' ? 'Imported after the fact' : 'Recorded after the fact',
          ' (',
          { bold: event.severity },
          event.service ? ` on ${event.service}` : '',
          ')',
          ...(event.recorded.via === 'import' ? [] : [' by ', by]),
          event.recorded.externalId ? ` (was ${event.recorded.externalId})` : '',
          ': ',
          { said: event.title },
          ', impact from ',
          { date: event.recorded.impactStartedAt },
        ];
      return [
        'Declared ',
        { bold: event.severity },
        event.service ? ` on ${event.service}` : '',
        event.private ? ' (private)' : '',
        ' by ',
        by,
        ': ',
        { said: event.title },
      ];
    case 'status_changed':
      return ['Status ', event.from, ' → ', { bold: event.to }, ' by ', by, ...quoted(event.message)];
    case 'update_posted':
      return ['Update from ', by, ': ', { said: event.text }];
    case 'severity_changed':
      return ['Severity ', event.from, ' → ', { bold: event.to }, ' by ', by, ...quoted(event.reason)];
    case 'role_assigned':
      return [
        { user: event.user },
        ` is now ${ROLE_TITLE[event.role].toLowerCase()}`,
        ...(event.previous ? [' (was ', { user: event.previous }, ')'] : []),
        ', set by ',
        by,
      ];
    case 'note_added':
      return event.source === 'pin'
        ? [
            'Pinned message from ',
            { user: event.author ?? event.actor },
            ': ',
            { said: event.text },
            ...(event.permalink ? [' (', { link: event.permalink, text: 'message' }, ')'] : []),
          ]
        : ['Note from ', by, ': ', { said: event.text }];
    case 'action_added':
      return [
        'Follow-up ',
        { bold: event.actionId },
        ': ',
        { said: event.text },
        ...(event.owner ? [' — owner ', { user: event.owner }] : []),
        ...(event.due ? [`, due ${event.due}`] : []),
        ...(event.priority ? [` (${event.priority.toUpperCase()})`] : []),
      ];
    case 'action_done':
      return ['Follow-up ', { bold: event.actionId }, ' done by ', by];
    case 'impact_recorded':
      return [
        'Impact: ',
        { bold: `${event.percent} %` },
        ' of traffic affected',
        ...(event.from && event.to
          ? [' from ', { date: event.from }, ' to ', { date: event.to }]
          : [' over the impact window']),
        event.slo ? ` (SLO ${event.slo})` : '',
        ', recorded by ',
        by,
      ];
    case 'milestone_set':
      return [
        `${capitalize(MILESTONE_LABEL[event.milestone])} set to `,
        { date: event.value },
        ...(event.previous ? [' (was ', { date: event.previous }, ')'] : []),
        ' by ',
        by,
      ];
    case 'paged':
      return [`Paged the ${event.service} on-call through PagerDuty`];
    case 'page_failed':
      return [`Paging the ${event.service} on-call failed: ${event.error}`];
    case 'page_resolved':
      return [`Resolved the PagerDuty alert for ${event.service}`];
    case 'pagerduty':
      return [
        'PagerDuty: ',
        event.summary,
        ...(event.url ? [' (', { link: event.url, text: 'incident' }, ')'] : []),
      ];
    case 'participant_added':
      return [{ user: event.user }, event.reason === 'oncall' ? ' joined as on-call' : ' joined'];
    case 'participant_left':
      return [{ user: event.user }, ' left the channel'];
    case 'visibility_changed':
      return [
        event.private ? 'Made private by ' : 'Made public by ',
        by,
        event.private ? ': only people in the channel see it now' : '',
      ];
    case 'handed_off':
      return [
        'Command handed ',
        ...(event.from ? ['from ', { user: event.from }, ' '] : []),
        'to ',
        { user: event.to },
        ...quoted(event.notes),
      ];
    case 'postmortem_generated':
      return [
        event.fallback ? 'Postmortem draft written with the built-in template' : 'Postmortem draft written',
        ...(event.path ? [` (${event.path})`] : []),
      ];
    case 'resolved':
      return ['Resolved by ', by, ...quoted(event.summary)];
    case 'reopened':
      return ['Reopened by ', by, ': ', { said: event.reason }];
    case 'closed':
      return ['Closed by ', by];
    case 'reminder_sent':
      return [
        event.reminder === 'update'
          ? 'Reminded the commander to post an update'
          : event.reminder === 'lead'
            ? 'Asked who is leading'
            : event.reminder === 'p0'
              ? 'Asked for the P0 follow-up the error-budget policy requires'
              : 'Reminded the commander about the postmortem',
      ];
    case 'cause_linked':
      return [
        'Linked to the change that caused it: deployment ',
        { bold: event.cause.deploymentId },
        ` of ${event.cause.service} (${event.cause.sha.slice(0, 7)}) by `,
        by,
        ...quoted(event.cause.note),
      ];
    case 'cause_removed':
      return [`No longer linked to deployment ${event.previous.deploymentId}, by `, by];
  }
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
