import { helpMessage } from '../../messages/help.js';
import type { Cursor } from '../cursor.js';
import type { VerbSpec } from '../verb.js';

export type HelpCommand = { verb: 'help'; topic?: string };

export const help: VerbSpec<HelpCommand> = {
  name: 'help',
  aliases: ['?', '-h', '--help'],
  usage: '/incident help',
  help: 'show these commands',
  group: 'Look back',
  parse(cursor: Cursor) {
    const word = cursor.next()?.toLowerCase();
    const topic = word ? cursor.verbNamed(word) : undefined;
    return topic ? { verb: 'help', topic } : { verb: 'help' };
  },
  examples: [
    ['help', { verb: 'help' }],
    ['help status', { verb: 'help', topic: 'status' }],
    ['? ls', { verb: 'help', topic: 'list' }],
  ],
  async run(command, { verbs }) {
    return { reply: { message: helpMessage(verbs, command.topic) } };
  },
};
