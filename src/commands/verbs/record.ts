import type { Severity } from '../../domain/severity.js';
import type { TimeSpec } from '../../domain/time.js';
import { recordIncident } from '../../usecases/record-incident.js';
import type { Cursor } from '../cursor.js';
import { readInZone, requireTimeSpec } from '../time.js';
import { replying, type VerbSpec } from '../verb.js';
import { MAX_TITLE, takeServiceOrSeverity } from './declare.js';

export type RecordCommand = {
  verb: 'record';
  severity?: Severity;
  service?: string;
  title: string;
  from: TimeSpec;
  to: TimeSpec;
};

export const record: VerbSpec<RecordCommand> = {
  name: 'record',
  usage: '/incident record [sevN] [service:NAME] TITLE… from:TIME to:TIME',
  help: 'record a past incident as resolved (no channel, no page); TIME as for set',
  group: 'Start',
  parse(cursor: Cursor) {
    const found: { service?: string; severity?: Severity } = {};
    let from: TimeSpec | undefined;
    let to: TimeSpec | undefined;
    const title: string[] = [];
    for (const token of cursor.remaining()) {
      if (takeServiceOrSeverity(cursor, token, found)) continue;
      const time = /^(from|to):(.*)$/i.exec(token);
      if (time) {
        const [, which = '', text = ''] = time;
        if (!text)
          cursor.usage(`"${which}:" needs a time, like ${which}:14:05 or ${which}:2017-02-28T09:37-08:00.`);
        if (which.toLowerCase() === 'from') {
          if (from) cursor.usage('Two from: times given; pick one.');
          from = requireTimeSpec(text);
        } else {
          if (to) cursor.usage('Two to: times given; pick one.');
          to = requireTimeSpec(text);
        }
        continue;
      }
      title.push(token);
    }
    const text = title.join(' ');
    if (!text) cursor.usage('A recorded incident needs a title.');
    if (text.length > MAX_TITLE)
      cursor.usage(`The title is ${text.length} characters; keep it under ${MAX_TITLE}.`);
    if (!from) cursor.usage('Say when impact began: from:TIME.');
    if (!to) cursor.usage('Say when it was resolved: to:TIME.');
    const { severity, service } = found;
    return {
      verb: 'record',
      ...(severity ? { severity } : {}),
      ...(service ? { service } : {}),
      title: text,
      from,
      to,
    };
  },
  examples: [
    [
      'record sev2 service:payments Card payments failing from:2017-02-28T09:37[America/Los_Angeles] to:2017-02-28T11:02-08:00',
      {
        verb: 'record',
        severity: 'SEV2',
        service: 'payments',
        title: 'Card payments failing',
        from: { kind: 'iso', text: '2017-02-28T09:37[America/Los_Angeles]' },
        to: { kind: 'iso', text: '2017-02-28T11:02-08:00' },
      },
    ],
    [
      'record Slow search from:09:10 to:10:40',
      {
        verb: 'record',
        title: 'Slow search',
        from: { kind: 'clock', hour: 9, minute: 10 },
        to: { kind: 'clock', hour: 10, minute: 40 },
      },
    ],
  ],
  // HH:MM (or a time without an offset) is read in the person's zone, which Slack tells only through users.info.
  answerLater: (command, { zoneKnown }) =>
    (readInZone(command.from) || readInZone(command.to)) && !zoneKnown ? 'needs-zone' : undefined,
  run: (command, { deps, actor }) => replying(recordIncident(deps, command, actor)),
};
