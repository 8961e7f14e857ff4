import type { IncidentId } from '../../domain/incident.js';
import type { TimeSpec } from '../../domain/time.js';
import { recordIncidentImpact } from '../../usecases/record-impact.js';
import { type Cursor, clip } from '../cursor.js';
import { requireTimeSpec } from '../time.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type ImpactCommand = {
  verb: 'impact';
  incident?: IncidentId;
  percent: number;
  slo?: string;
  segment?: { from: TimeSpec; to: TimeSpec };
};

function readTime(cursor: Cursor, words: string[], which: 'from' | 'to'): TimeSpec {
  if (words.length === 0)
    cursor.usage(`Say when the segment ${which === 'from' ? 'starts' : 'ends'} after "${which}".`);
  return requireTimeSpec(words.join(' '));
}

export const impact: VerbSpec<ImpactCommand> = {
  name: 'impact',
  usage: '/incident impact PERCENT [from TIME to TIME] [slo:NAME]',
  help: 'share of traffic affected, for the error budget (a segment with from … to …)',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    let slo: string | undefined;
    const words: string[] = [];
    for (const word of cursor.remaining()) {
      const named = /^slo:(.*)$/i.exec(word);
      if (named && slo === undefined) {
        if (!named[1]) cursor.usage('"slo:" needs a name, like slo:checkout-availability.');
        slo = named[1].toLowerCase();
      } else {
        words.push(word);
      }
    }
    const first = words.shift();
    if (first === undefined) cursor.usage('Say what share of traffic was affected, like 30%.');
    const match = /^(\d{1,3}(?:\.\d{1,2})?)%?$/.exec(first);
    const percent = match ? Number(match[1]) : Number.NaN;
    if (!(percent >= 0 && percent <= 100)) {
      cursor.usage(`"${clip(first)}" is not a share of traffic: give a percentage from 0 to 100, like 30%.`);
    }
    if (words[0] === '%') words.shift(); // "30 %", as many people write it
    let segment: ImpactCommand['segment'];
    if (words.length > 0) {
      if (words[0]!.toLowerCase() !== 'from') cursor.usage(`Unexpected "${clip(words.join(' '))}".`);
      const toAt = words.findIndex((word, index) => index > 0 && word.toLowerCase() === 'to');
      if (toAt < 0) cursor.usage('A segment needs both ends: from TIME to TIME.');
      segment = {
        from: readTime(cursor, words.slice(1, toAt), 'from'),
        to: readTime(cursor, words.slice(toAt + 1), 'to'),
      };
    }
    return { verb: 'impact', ...target, percent, ...(slo ? { slo } : {}), ...(segment ? { segment } : {}) };
  },
  examples: [
    ['impact 30%', { verb: 'impact', percent: 30 }],
    ['impact 30 % slo:checkout-availability', { verb: 'impact', percent: 30, slo: 'checkout-availability' }],
    [
      'impact INC-4 12.5% from 14:05 to 14:35 slo:checkout-latency',
      {
        verb: 'impact',
        incident: 'INC-4',
        percent: 12.5,
        slo: 'checkout-latency',
        segment: {
          from: { kind: 'clock', hour: 14, minute: 5 },
          to: { kind: 'clock', hour: 14, minute: 35 },
        },
      },
    ],
  ],
  // HH:MM is read in the person's zone, which Slack tells only through a users.info call.
  answerLater: (command, { zoneKnown }) =>
    command.segment &&
    !zoneKnown &&
    (command.segment.from.kind === 'clock' || command.segment.to.kind === 'clock')
      ? 'needs-zone'
      : undefined,
  run: (command, { deps, actor }) => replying(recordIncidentImpact(deps, command, actor)),
};
