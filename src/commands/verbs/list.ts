import { listOpenIncidents, listRecordedIncidents } from '../../usecases/list-incidents.js';
import type { Cursor } from '../cursor.js';
import { replying, type VerbSpec } from '../verb.js';

export type ListCommand = { verb: 'list'; recorded?: true };

export const list: VerbSpec<ListCommand> = {
  name: 'list',
  aliases: ['ls'],
  usage: '/incident list [recorded]',
  help: 'open incidents; with recorded, those recorded after the fact',
  group: 'Start',
  parse(cursor: Cursor) {
    const word = cursor.peek();
    if (word?.toLowerCase() === 'recorded') {
      cursor.next();
      cursor.end();
      return { verb: 'list', recorded: true };
    }
    cursor.end();
    return { verb: 'list' };
  },
  examples: [
    ['list', { verb: 'list' }],
    ['ls', { verb: 'list' }],
    ['list recorded', { verb: 'list', recorded: true }],
  ],
  run: (command, { deps, actor }) =>
    replying(command.recorded ? listRecordedIncidents(deps, actor) : listOpenIncidents(deps, actor)),
};
