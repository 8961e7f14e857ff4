import type { IncidentId } from '../../domain/incident.js';
import { postStatusUpdate } from '../../usecases/post-update.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type UpdateCommand = { verb: 'update'; incident?: IncidentId; message: string };

export const update: VerbSpec<UpdateCommand> = {
  name: 'update',
  usage: '/incident update MESSAGE…',
  help: 'post a status update (resets the update reminder)',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    return { verb: 'update', ...target, message: cursor.text('Say what is new.') };
  },
  examples: [
    ['update Error rate back to 0.1%', { verb: 'update', message: 'Error rate back to 0.1%' }],
    ['update INC-3 Still failing', { verb: 'update', incident: 'INC-3', message: 'Still failing' }],
  ],
  run: (command, { deps, actor }) => replying(postStatusUpdate(deps, command, actor)),
};
