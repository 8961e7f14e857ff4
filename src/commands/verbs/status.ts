import { fail } from '../../domain/errors.js';
import type { IncidentId } from '../../domain/incident.js';
import { parseStatus, type Status } from '../../domain/lifecycle.js';
import { changeIncidentStatus } from '../../usecases/change-status.js';
import { type Cursor, clip, usageOf } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';
import { close } from './close.js';

export type StatusCommand = { verb: 'status'; incident?: IncidentId; status: Status; message?: string };

export const status: VerbSpec<StatusCommand> = {
  name: 'status',
  aliases: [],
  usage: '/incident status investigating|identified|monitoring|resolved [MESSAGE…]',
  help: 'move the incident along its lifecycle',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const word = cursor.next();
    if (!word) cursor.usage('Say which status.');
    const status = parseStatus(word);
    if (status === 'closed') fail('USAGE', 'Closing has its own command.', usageOf(close.usage));
    if (!status) cursor.usage(`"${clip(word)}" is not a status.`);
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
