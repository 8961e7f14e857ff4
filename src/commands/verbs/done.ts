import type { IncidentId } from '../../domain/incident.js';
import { completeFollowUp } from '../../usecases/follow-ups.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type DoneCommand = { verb: 'done'; incident?: IncidentId; actionId: string };

function parseActionId(token: string): string | undefined {
  const match = /^(?:#|a|action-?)?(\d{1,6})$/i.exec(token);
  return match ? `A${Number(match[1])}` : undefined;
}

export const done: VerbSpec<DoneCommand> = {
  name: 'done',
  usage: '/incident done ACTION-ID',
  help: 'mark a follow-up action done (e.g. A2)',
  group: 'Follow up',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const actionId = cursor.word(
      parseActionId,
      'Say which action, like A2 (see /incident actions).',
      (word) => `"${word}" is not an action id; they look like A2.`,
    );
    cursor.end();
    return { verb: 'done', ...target, actionId };
  },
  examples: [
    ['done A2', { verb: 'done', actionId: 'A2' }],
    ['done INC-4 3', { verb: 'done', incident: 'INC-4', actionId: 'A3' }],
  ],
  run: (command, { deps, actor }) => replying(completeFollowUp(deps, command, actor)),
};
