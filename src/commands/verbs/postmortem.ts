import type { IncidentId } from '../../domain/incident.js';
import { requestPostmortem } from '../../usecases/request-postmortem.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type PostmortemCommand = { verb: 'postmortem'; incident?: IncidentId };

export const postmortem: VerbSpec<PostmortemCommand> = {
  name: 'postmortem',
  aliases: ['pm'],
  usage: '/incident postmortem',
  help: '(re)generate the postmortem draft',
  group: 'Finish',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    cursor.end();
    return { verb: 'postmortem', ...target };
  },
  examples: [
    ['postmortem', { verb: 'postmortem' }],
    ['pm INC-2', { verb: 'postmortem', incident: 'INC-2' }],
  ],
  run: (command, { deps, actor }) => replying(requestPostmortem(deps, command, actor)),
};
