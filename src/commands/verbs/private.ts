import type { IncidentId } from '../../domain/incident.js';
import { changeVisibility } from '../../usecases/change-visibility.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type PrivateCommand = { verb: 'private'; incident?: IncidentId };

export const makePrivate: VerbSpec<PrivateCommand> = {
  name: 'private',
  usage: '/incident private',
  help: 'only people in its channel see it (commander)',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    cursor.end();
    return { verb: 'private', ...target };
  },
  examples: [
    ['private', { verb: 'private' }],
    ['private INC-4', { verb: 'private', incident: 'INC-4' }],
  ],
  run: (command, { deps, actor }) => replying(changeVisibility(deps, { ...command, private: true }, actor)),
};
