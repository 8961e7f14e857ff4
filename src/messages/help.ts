import { USAGE, VERBS, type Verb } from '../commands/usage.js';
import type { Block, Message } from './model.js';

const GROUPS: Array<{ title: string; verbs: Verb[] }> = [
  { title: 'Start', verbs: ['declare', 'list', 'oncall'] },
  { title: 'Run it', verbs: ['status', 'update', 'sev', 'assign', 'handoff', 'note', 'set', 'runbook'] },
  { title: 'Finish', verbs: ['resolve', 'reopen', 'close', 'postmortem'] },
  { title: 'Follow up', verbs: ['action', 'actions', 'done'] },
  { title: 'Look back', verbs: ['shift', 'stats', 'help'] },
];

/** Help never changes while the process runs: built once per topic, so Slack can reuse its rendering. */
const built = new Map<Verb | undefined, Message>();

export function helpMessage(topic?: Verb): Message {
  let message = built.get(topic);
  if (!message) {
    message = buildHelp(topic);
    built.set(topic, message);
  }
  return message;
}

function buildHelp(topic?: Verb): Message {
  if (topic) {
    return {
      summary: [USAGE[topic].syntax],
      blocks: [{ type: 'text', text: [{ code: USAGE[topic].syntax }, ` — ${USAGE[topic].does}`] }],
    };
  }
  const covered = new Set(GROUPS.flatMap((group) => group.verbs));
  const missing = VERBS.filter((verb) => !covered.has(verb));
  if (missing.length > 0) throw new Error(`help does not list: ${missing.join(', ')}`);
  return {
    summary: ['Firewatch commands: /incident declare, status, update, resolve …'],
    blocks: [
      { type: 'header', text: 'Firewatch: /incident commands' },
      ...GROUPS.flatMap((group): Block[] => [
        { type: 'text', text: [{ bold: group.title }] },
        {
          type: 'list',
          items: group.verbs.map((verb) => [{ code: USAGE[verb].syntax }, ` — ${USAGE[verb].does}`]),
        },
      ]),
      {
        type: 'context',
        text: ['In an incident channel the incident is implied; elsewhere name it: /incident note INC-42 …'],
      },
    ],
  };
}
