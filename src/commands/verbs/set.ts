import type { IncidentId } from '../../domain/incident.js';
import { SETTABLE_MILESTONES, type SettableMilestone } from '../../domain/milestones.js';
import type { TimeSpec } from '../../domain/time.js';
import { setIncidentMilestone } from '../../usecases/set-milestone.js';
import { type Cursor, clip } from '../cursor.js';
import { readInZone, requireTimeSpec } from '../time.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type SetCommand = {
  verb: 'set';
  incident?: IncidentId;
  milestone: SettableMilestone;
  time: TimeSpec;
  /** `confirm` after the time: apply a correction that moves a duration by over a day without asking. */
  confirmed?: true;
};

/** The word that answers "are you sure?" when typed after the time (the console has no buttons). */
const CONFIRM = /^(--)?confirm(ed)?$/i;

const MILESTONE_ALIASES: Record<string, SettableMilestone> = {
  impact: 'impact-start',
  'impact-started': 'impact-start',
  detection: 'detected',
  acknowledgement: 'acknowledged',
  ack: 'acknowledged',
  mitigation: 'mitigated',
  resolution: 'resolved',
};

function readMilestone(word: string): SettableMilestone | undefined {
  const name = word.toLowerCase();
  return (name in SETTABLE_MILESTONES ? name : MILESTONE_ALIASES[name]) as SettableMilestone | undefined;
}

export const set: VerbSpec<SetCommand> = {
  name: 'set',
  usage: '/incident set impact-start|detected|acknowledged|mitigated|resolved TIME [confirm]',
  help: 'correct a milestone (HH:MM in your time zone, ISO 8601 with an offset or [Zone/Name], or DATE HH:MM Zone/Name)',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const milestone = cursor.word(
      readMilestone,
      'Say which milestone.',
      (word) => `"${word.toLowerCase()}" is not a milestone you can set.`,
    );
    const typed = cursor.remaining();
    const confirmed = typed.length > 1 && CONFIRM.test(typed.at(-1) ?? '');
    const words = confirmed ? typed.slice(0, -1) : typed;
    if (words.length === 0) cursor.usage('Say when: HH:MM in your time zone, or ISO 8601.');
    // At most a date, a time and a zone name: `2017-02-28 09:37 America/Los_Angeles`.
    if (words.length > 3) cursor.usage(`Unexpected "${clip(words.slice(3).join(' '))}".`);
    return {
      verb: 'set',
      ...target,
      milestone,
      time: requireTimeSpec(words.join(' ')),
      ...(confirmed ? { confirmed: true as const } : {}),
    };
  },
  examples: [
    [
      'set impact-start 14:54',
      { verb: 'set', milestone: 'impact-start', time: { kind: 'clock', hour: 14, minute: 54 } },
    ],
    [
      'set INC-2 detected 2026-11-26T14:54:00Z',
      {
        verb: 'set',
        incident: 'INC-2',
        milestone: 'detected',
        time: { kind: 'iso', text: '2026-11-26T14:54:00Z' },
      },
    ],
    [
      'set acknowledged 2017-02-28T09:37-08:00',
      { verb: 'set', milestone: 'acknowledged', time: { kind: 'iso', text: '2017-02-28T09:37-08:00' } },
    ],
    [
      'set INC-4 resolved 2017-02-28T09:37[America/Los_Angeles]',
      {
        verb: 'set',
        incident: 'INC-4',
        milestone: 'resolved',
        time: { kind: 'iso', text: '2017-02-28T09:37[America/Los_Angeles]' },
      },
    ],
    [
      'set mitigated 2017-02-28 09:37 America/Los_Angeles',
      {
        verb: 'set',
        milestone: 'mitigated',
        time: { kind: 'iso', text: '2017-02-28T09:37[America/Los_Angeles]' },
      },
    ],
    [
      'set impact-start 2026-11-20T09:00Z confirm',
      {
        verb: 'set',
        milestone: 'impact-start',
        time: { kind: 'iso', text: '2026-11-20T09:00Z' },
        confirmed: true,
      },
    ],
  ],
  // HH:MM is read in the person's zone, which Slack tells only through a users.info call.
  answerLater: (command, { zoneKnown }) =>
    readInZone(command.time) && !zoneKnown ? 'needs-zone' : undefined,
  run: (command, { deps, actor }) => replying(setIncidentMilestone(deps, command, actor)),
};
