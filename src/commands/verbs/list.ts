import { listOpenIncidents } from '../../usecases/list-incidents.js';
import type { Cursor } from '../cursor.js';
import { replying, type VerbSpec } from '../verb.js';

export type ListCommand = { verb: 'list' };

export const list: VerbSpec<ListCommand> = {
  name: 'list',
  aliases: ['ls'],
  usage: '/incident list',
  help: 'open incidents',
  group: 'Start',
  parse(cursor: Cursor) {
    cursor.end();
    return { verb: 'list' };
  },
  examples: [
    ['list', { verb: 'list' }],
    ['ls', { verb: 'list' }],
  ],
  run: (_command, { deps, actor }) => replying(listOpenIncidents(deps, actor)),
};
