import { incidentDurations } from '../domain/durations.js';
import type { TimelineEvent } from '../domain/events.js';
import type { Incident } from '../domain/incident.js';
import { between, formatDuration, type Instant, millis } from '../domain/time.js';
import { STATUS_EMOJI } from './labels.js';
import type { Inline, Message, Rich } from './model.js';
import { describeEvent } from './timeline.js';

function latest(...instants: Array<Instant | undefined>): Instant {
  return instants
    .filter((instant): instant is Instant => instant !== undefined)
    .reduce((a, b) => (millis(a) >= millis(b) ? a : b));
}

function reminderText(incident: Incident, event: Extract<TimelineEvent, { kind: 'reminder_sent' }>): Rich {
  const commander: Inline = incident.roles.commander ? { user: incident.roles.commander } : 'Commander';
  switch (event.reminder) {
    case 'update': {
      const quiet = latest(incident.milestones.declaredAt, incident.statusSince, incident.lastUpdate?.at);
      return [
        '⏰ ',
        commander,
        `: no update on ${incident.id} for ${formatDuration(between(quiet, event.at))}. Post one with `,
        { code: '/incident update MESSAGE…' },
        ' (or change the status) so people know where things stand.',
      ];
    }
    case 'lead': {
      const since = formatDuration(between(incident.milestones.declaredAt, event.at));
      const who: Inline[] = incident.roles.commander
        ? [{ user: incident.declaredBy }, ` declared it ${since} ago and still holds command.`]
        : [`Nobody has taken command in the ${since} since it was declared.`];
      return [
        `🧭 Who is leading ${incident.id}? `,
        ...who,
        ' Take it with the button on the card or ',
        { code: '/incident assign commander @you' },
        '.',
      ];
    }
    case 'postmortem':
      return [
        '📝 ',
        commander,
        `: ${incident.id} was resolved ${formatDuration(between(incident.milestones.resolvedAt ?? event.at, event.at))} ago and its postmortem draft is waiting. Review it, then `,
        { code: '/incident postmortem' },
        ' to regenerate it, or ',
        { code: '/incident close' },
        '.',
      ];
    case 'p0':
      return [
        '🔥 ',
        commander,
        `: ${incident.id} spent more of an error budget than the policy allows, and still has no P0 follow-up. Add one with `,
        { code: '/incident action p0 TEXT… [@owner]' },
        '.',
      ];
  }
}

/** What the incident channel is told about one timeline event. */
export function eventMessage(incident: Incident, event: TimelineEvent): Message {
  const line = describeEvent(event);
  switch (event.kind) {
    case 'reminder_sent': {
      const text = reminderText(incident, event);
      return { summary: text, blocks: [{ type: 'text', text }] };
    }
    case 'status_changed':
      return {
        summary: [`${incident.id} is now ${event.to}`],
        blocks: [{ type: 'text', text: [`${STATUS_EMOJI[event.to]} `, ...line] }],
      };
    case 'update_posted':
      return {
        summary: [`${incident.id} update: `, { said: event.text }],
        blocks: [{ type: 'text', text: ['📣 ', ...line] }],
      };
    case 'resolved': {
      const durations = incidentDurations(incident);
      const facts: string[] = [];
      if (durations.ttd !== undefined) facts.push(`detected after ${formatDuration(durations.ttd)}`);
      if (durations.ttm !== undefined) facts.push(`mitigated after ${formatDuration(durations.ttm)}`);
      if (durations.ttr !== undefined) facts.push(`resolved after ${formatDuration(durations.ttr)}`);
      return {
        summary: [`${incident.id} is resolved`],
        blocks: [
          { type: 'text', text: ['✅ ', ...line] },
          {
            type: 'context',
            text: [`Impact began `, { date: incident.milestones.impactStartedAt }, `; ${facts.join(', ')}.`],
          },
        ],
      };
    }
    case 'page_failed':
      return {
        summary: [`Paging failed for ${incident.id}`],
        blocks: [
          { type: 'text', text: ['🚨 ', ...line] },
          {
            type: 'context',
            text: ['Firewatch keeps retrying. Page the on-call another way if this is urgent.'],
          },
        ],
      };
    default:
      return { summary: line, blocks: [{ type: 'text', text: line }] };
  }
}
