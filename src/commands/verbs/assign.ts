import type { IncidentId, UserId } from '../../domain/incident.js';
import { parseRole, type Role } from '../../domain/roles.js';
import { assignIncidentRole } from '../../usecases/assign-role.js';
import { type Cursor, clip, requireUser } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type AssignCommand = { verb: 'assign'; incident?: IncidentId; role: Role; user: UserId };

export const assign: VerbSpec<AssignCommand> = {
  name: 'assign',
  aliases: ['role'],
  usage: '/incident assign commander|deputy|scribe|comms @user',
  help: 'give someone a role',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const first = cursor.next();
    const second = cursor.next();
    cursor.end();
    if (!first || !second) cursor.usage('Say which role and who.');
    // Accept both "commander @ann" and "@ann commander".
    const [roleWord, userWord] = parseRole(first) ? [first, second] : [second, first];
    const role = parseRole(roleWord);
    if (!role) cursor.usage(`"${clip(roleWord)}" is not a role.`);
    return { verb: 'assign', ...target, role, user: requireUser(cursor, userWord) };
  },
  examples: [
    ['assign commander @bob', { verb: 'assign', role: 'commander', user: 'bob' }],
    ['role INC-2 @bob scribe', { verb: 'assign', incident: 'INC-2', role: 'scribe', user: 'bob' }],
  ],
  run: (command, { deps, actor }) => replying(assignIncidentRole(deps, command, actor)),
};
