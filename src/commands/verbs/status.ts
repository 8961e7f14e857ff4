import { fail } from '../../domain/errors.js';
import type { IncidentId } from '../../domain/incident.js';
import { parseStatus, type Status } from '../../domain/lifecycle.js';
import { changeIncidentStatus } from '../../usecases/change-status.js';
import { type Cursor, usageOf } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';
import { close } from './close.js';

export type StatusCommand = { verb: 'status'; incident?: IncidentId; status: Status; message?: string };

export const status: VerbSpec<StatusCommand> = {
  name: 'status',
  usage: '/incident status investigating|identified|monitoring|resolved [MESSAGE…]',
  help: 'move the incident along its lifecycle',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const status = cursor.word(parseStatus, 'Say which status.', (word) => `"${word}" is not a status.`);
    if (status === 'closed') fail('USAGE', 'Closing has its own command.', usageOf(close.usage));
    const message = cursor.rest();
    return { verb: 'status', ...target, status, ...(message ? { message } : {}) };
  },
  examples: [
    [
      'status monitoring Failed over to the replica',
      { verb: 'status', status: 'monitoring', message: 'Failed over to the replica' },
    ],
    ['status INC-42 identified', { verb: 'status', incident: 'INC-42', status: 'identified' }],
  ],
  run: (command, { deps, actor }) => replying(changeIncidentStatus(deps, command, actor)),
};
