import type { Block, Message } from './model.js';

/** The headings `/incident help` lists the verbs under, in this order. */
export const HELP_GROUPS = ['Start', 'Run it', 'Finish', 'Follow up', 'Look back'] as const;
export type HelpGroup = (typeof HELP_GROUPS)[number];

/** What help says of one verb. */
export interface HelpEntry {
  name: string;
  usage: string;
  help: string;
  group: HelpGroup;
}

/** Help never changes while the process runs: built once per topic, so Slack can reuse its rendering. */
const built = new Map<string | undefined, Message>();

/** All verbs by group, or one verb's syntax and purpose. */
export function helpMessage(verbs: readonly HelpEntry[], topic?: string): Message {
  let message = built.get(topic);
  if (!message) {
    message = buildHelp(verbs, topic);
    built.set(topic, message);
  }
  return message;
}

function buildHelp(verbs: readonly HelpEntry[], topic?: string): Message {
  const entry = topic ? verbs.find((verb) => verb.name === topic) : undefined;
  if (entry) {
    return {
      summary: [entry.usage],
      blocks: [{ type: 'text', text: [{ code: entry.usage }, ` — ${entry.help}`] }],
    };
  }
  return {
    summary: ['Firewatch commands: /incident declare, status, update, resolve …'],
    blocks: [
      { type: 'header', text: 'Firewatch: /incident commands' },
      ...HELP_GROUPS.flatMap((group): Block[] => [
        { type: 'text', text: [{ bold: group }] },
        {
          type: 'list',
          items: verbs
            .filter((verb) => verb.group === group)
            .map((verb) => [{ code: verb.usage }, ` — ${verb.help}`]),
        },
      ]),
      {
        type: 'context',
        text: ['In an incident channel the incident is implied; elsewhere name it: /incident note INC-42 …'],
      },
    ],
  };
}
