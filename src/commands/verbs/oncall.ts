import { whoIsOnCall } from '../../usecases/who-is-on-call.js';
import type { Cursor } from '../cursor.js';
import { replying, type VerbSpec } from '../verb.js';

export type OncallCommand = { verb: 'oncall'; service?: string };

export const oncall: VerbSpec<OncallCommand> = {
  name: 'oncall',
  aliases: ['on-call'],
  usage: '/incident oncall [SERVICE]',
  help: 'who is on call now (PagerDuty)',
  group: 'Start',
  parse(cursor: Cursor) {
    const service = cursor.next()?.toLowerCase();
    cursor.end();
    return { verb: 'oncall', ...(service ? { service } : {}) };
  },
  examples: [
    ['oncall', { verb: 'oncall' }],
    ['on-call database', { verb: 'oncall', service: 'database' }],
  ],
  answerLater: (_command, { pagerConfigured }) => (pagerConfigured ? 'slow' : undefined),
  run: (command, { deps, actor }) => replying(whoIsOnCall(deps, command, actor)),
};
