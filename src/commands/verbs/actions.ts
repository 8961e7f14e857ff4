import type { IncidentId } from '../../domain/incident.js';
import { listFollowUps } from '../../usecases/follow-ups.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type ActionsCommand = { verb: 'actions'; incident?: IncidentId };

export const actions: VerbSpec<ActionsCommand> = {
  name: 'actions',
  aliases: ['followups'],
  usage: '/incident actions',
  help: "list the incident's follow-up actions",
  group: 'Follow up',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    cursor.end();
    return { verb: 'actions', ...target };
  },
  examples: [
    ['actions', { verb: 'actions' }],
    ['followups INC-3', { verb: 'actions', incident: 'INC-3' }],
  ],
  run: (command, { deps, actor }) => replying(listFollowUps(deps, command, actor)),
};
