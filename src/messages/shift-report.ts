import type { Incident } from '../domain/incident.js';
import { type Instant, millis } from '../domain/time.js';
import { followUpLine, incidentLine, type ListedIncident } from './lists.js';
import type { Block, Message, Rich } from './model.js';
import { type OnCallAnswer, onCallLines } from './oncall.js';
import { windowLabel } from './report.js';

export interface ShiftReport {
  windowMs: number;
  since: Instant;
  now: Instant;
  incidents: ListedIncident[];
  /** Absent when PagerDuty is not configured. */
  onCall?: OnCallAnswer[];
  /** The private incidents of the shift, shown only to the person who asked. */
  privatePart?: boolean;
}

function within(instant: Instant | undefined, since: Instant): boolean {
  return instant !== undefined && millis(instant) >= millis(since);
}

/** What a shift saw and what it leaves behind: the message an engineer sends the next on-call. */
export function shiftReportMessage(report: ShiftReport): Message {
  const { since, now } = report;
  const declared = report.incidents.filter(({ incident }) => within(incident.milestones.declaredAt, since));
  const resolved = report.incidents.filter(({ incident }) => within(incident.milestones.resolvedAt, since));
  const open = report.incidents.filter(
    ({ incident }) => incident.status !== 'resolved' && incident.status !== 'closed',
  );
  const followUps: Rich[] = report.incidents.flatMap(({ incident }: { incident: Incident }) =>
    incident.actions
      .filter((action) => action.status === 'open')
      .map((action): Rich => [`${incident.id} `, ...followUpLine(action, now.slice(0, 10))]),
  );
  const blocks: Block[] = [
    {
      type: 'header',
      text: report.privatePart
        ? `🔒 Private incidents, last ${windowLabel(report.windowMs)} (only you see this)`
        : `🔁 Shift report: last ${windowLabel(report.windowMs)}`,
    },
    { type: 'context', text: ['From ', { date: since }, ' to ', { date: now }] },
    { type: 'text', text: [{ bold: `Declared (${declared.length})` }] },
    { type: 'list', items: declared.map((listed) => incidentLine(listed, now)), empty: 'None.' },
    { type: 'text', text: [{ bold: `Resolved (${resolved.length})` }] },
    { type: 'list', items: resolved.map((listed) => incidentLine(listed, now)), empty: 'None.' },
    { type: 'text', text: [{ bold: `Still open (${open.length})` }] },
    {
      type: 'list',
      items: open.map((listed): Rich => {
        const update = listed.incident.lastUpdate;
        return [
          ...incidentLine(listed, now),
          ...(update
            ? [
                '\n    last update ',
                { date: update.at, format: 'time' as const },
                ': ',
                { said: update.text },
              ]
            : ['\n    no update yet']),
        ];
      }),
      empty: 'None: a quiet handover.',
    },
    { type: 'text', text: [{ bold: `Open follow-ups (${followUps.length})` }] },
    { type: 'list', items: followUps.slice(0, 25), empty: 'None.' },
  ];
  if (report.onCall) {
    blocks.push(
      { type: 'text', text: [{ bold: 'On call' }] },
      {
        type: 'list',
        items: onCallLines(report.onCall),
        empty: 'No services with a PagerDuty escalation policy.',
      },
    );
  }
  return {
    summary: [
      `${report.privatePart ? 'Private incidents' : 'Shift report'}: ${declared.length} declared, ${resolved.length} resolved, ${open.length} still open`,
    ],
    blocks,
  };
}
