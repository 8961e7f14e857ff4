import type { IncidentId } from '../../domain/incident.js';
import { closeIncident } from '../../usecases/close-incident.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type CloseCommand = { verb: 'close'; incident?: IncidentId };

export const close: VerbSpec<CloseCommand> = {
  name: 'close',
  usage: '/incident close',
  help: 'close a resolved incident for good',
  group: 'Finish',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    cursor.end();
    return { verb: 'close', ...target };
  },
  examples: [
    ['close', { verb: 'close' }],
    ['close INC-8', { verb: 'close', incident: 'INC-8' }],
  ],
  run: (command, { deps, actor }) => replying(closeIncident(deps, command, actor)),
};
