import type { IncidentId } from '../../domain/incident.js';
import { reopenIncident } from '../../usecases/reopen-incident.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type ReopenCommand = { verb: 'reopen'; incident?: IncidentId; reason: string };

export const reopen: VerbSpec<ReopenCommand> = {
  name: 'reopen',
  usage: '/incident reopen REASON…',
  help: 'reopen a resolved incident',
  group: 'Finish',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    return { verb: 'reopen', ...target, reason: cursor.text('Say why it is being reopened.') };
  },
  examples: [
    ['reopen Errors are back', { verb: 'reopen', reason: 'Errors are back' }],
    ['reopen INC-4 Errors are back', { verb: 'reopen', incident: 'INC-4', reason: 'Errors are back' }],
  ],
  run: (command, { deps, actor }) => replying(reopenIncident(deps, command, actor)),
};
