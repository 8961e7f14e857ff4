import type { IncidentId } from '../../domain/incident.js';
import { changeVisibility } from '../../usecases/change-visibility.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type PublicCommand = { verb: 'public'; incident?: IncidentId };

export const makePublic: VerbSpec<PublicCommand> = {
  name: 'public',
  usage: '/incident public',
  help: 'anyone may see it, and it is announced (commander)',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    cursor.end();
    return { verb: 'public', ...target };
  },
  examples: [
    ['public', { verb: 'public' }],
    ['public INC-4', { verb: 'public', incident: 'INC-4' }],
  ],
  run: (command, { deps, actor }) => replying(changeVisibility(deps, { ...command, private: false }, actor)),
};
