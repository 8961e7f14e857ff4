import type { FollowUp, Incident } from '../domain/incident.js';
import { between, formatDuration, type Instant } from '../domain/time.js';
import { SEVERITY_EMOJI, STATUS_EMOJI } from './labels.js';
import type { Inline, Message, Rich } from './model.js';

export function followUpLine(action: FollowUp, today?: string): Rich {
  const overdue =
    action.status === 'open' && action.due !== undefined && today !== undefined && action.due < today;
  return [
    action.status === 'done' ? '☑️ ' : '⬜ ',
    { bold: action.id },
    action.priority ? ` ${action.priority.toUpperCase()} ` : ' ',
    { said: action.text },
    ...(action.owner ? [' — ', { user: action.owner } as Inline] : [' — no owner']),
    ...(action.due ? [`, due ${action.due}${overdue ? ' (overdue)' : ''}`] : []),
  ];
}

export function actionsMessage(incident: Incident): Message {
  const open = incident.actions.filter((action) => action.status === 'open').length;
  return {
    summary: [`${incident.id} has ${open} open follow-up${open === 1 ? '' : 's'}`],
    blocks: [
      {
        type: 'text',
        text: [{ bold: `Follow-ups of ${incident.id}` }, ` (${open} open of ${incident.actions.length})`],
      },
      {
        type: 'list',
        items: incident.actions.map((action) => followUpLine(action)),
        empty: 'None yet. Add one with /incident action TEXT… [@owner] [due:YYYY-MM-DD] [p0|p1|p2|p3]',
      },
    ],
  };
}

export interface ListedIncident {
  incident: Incident;
  channel?: string;
}

export function incidentLine({ incident, channel }: ListedIncident, now: Instant): Rich {
  return [
    `${SEVERITY_EMOJI[incident.severity]} `,
    { bold: `${incident.id} ${incident.severity}` },
    ` ${STATUS_EMOJI[incident.status]} ${incident.status} for ${formatDuration(between(incident.statusSince, now))} · `,
    { said: incident.title },
    ...(incident.roles.commander ? [' · ', { user: incident.roles.commander } as Inline] : []),
    ...(channel ? [' · ', { channel } as Inline] : []),
    incident.private ? ' · private' : '',
    incident.recordedAfterTheFact ? ' · recorded after the fact' : '',
  ];
}

/** An incident recorded after the fact: when its impact was, and for how long. */
export function recordedLine(incident: Incident): Rich {
  const { impactStartedAt, resolvedAt } = incident.milestones;
  return [
    `${SEVERITY_EMOJI[incident.severity]} `,
    { bold: `${incident.id} ${incident.severity}` },
    ` ${STATUS_EMOJI[incident.status]} ${incident.status} · `,
    { said: incident.title },
    incident.service ? ` · ${incident.service}` : '',
    ' · impact ',
    { date: impactStartedAt },
    ...(resolvedAt
      ? [' → ', { date: resolvedAt } as Inline, ` (${formatDuration(between(impactStartedAt, resolvedAt))})`]
      : []),
    ' · recorded after the fact',
  ];
}

export function recordedIncidentsMessage(incidents: Incident[]): Message {
  return {
    summary: [`${incidents.length} incident${incidents.length === 1 ? '' : 's'} recorded after the fact`],
    blocks: [
      { type: 'text', text: [{ bold: 'Recorded after the fact' }, ` (${incidents.length}, newest first)`] },
      {
        type: 'list',
        items: incidents.map(recordedLine),
        empty:
          'None. Record a past incident with /incident record [sevN] [service:NAME] TITLE… from:TIME to:TIME',
      },
    ],
  };
}

export function openIncidentsMessage(incidents: ListedIncident[], now: Instant): Message {
  return {
    summary: [
      incidents.length === 0
        ? 'No open incidents.'
        : `${incidents.length} open incident${incidents.length === 1 ? '' : 's'}`,
    ],
    blocks: [
      { type: 'text', text: [{ bold: 'Open incidents' }, ` (${incidents.length})`] },
      {
        type: 'list',
        items: incidents.map((listed) => incidentLine(listed, now)),
        empty: 'None. 🎉 Declare one with /incident declare …',
      },
    ],
  };
}
