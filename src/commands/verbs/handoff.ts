import type { IncidentId, UserId } from '../../domain/incident.js';
import { handOffCommand } from '../../usecases/hand-off.js';
import { type Cursor, requireUser } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type HandoffCommand = { verb: 'handoff'; incident?: IncidentId; user: UserId; notes?: string };

export const handoff: VerbSpec<HandoffCommand> = {
  name: 'handoff',
  aliases: ['handover'],
  usage: '/incident handoff @user [NOTES…]',
  help: 'hand command over, with a written brief',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const user = requireUser(cursor, cursor.next());
    const notes = cursor.rest();
    return { verb: 'handoff', ...target, user, ...(notes ? { notes } : {}) };
  },
  examples: [
    [
      'handoff @dave Watch the replica lag',
      { verb: 'handoff', user: 'dave', notes: 'Watch the replica lag' },
    ],
    ['handover INC-6 <@U2DAVE>', { verb: 'handoff', incident: 'INC-6', user: 'U2DAVE' }],
  ],
  run: (command, { deps, actor }) => replying(handOffCommand(deps, command, actor)),
};
