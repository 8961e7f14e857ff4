import { showSloBudgets } from '../../usecases/slo-budgets.js';
import { type Cursor, clip, serviceIn } from '../cursor.js';
import { replying, type VerbSpec } from '../verb.js';

export type SloCommand = { verb: 'slo'; service?: string };

export const slo: VerbSpec<SloCommand> = {
  name: 'slo',
  aliases: ['slos', 'budget'],
  usage: '/incident slo [SERVICE]',
  help: 'error budgets: spent, by which incidents, left, and any change freeze',
  group: 'Look back',
  parse(cursor: Cursor) {
    const word = cursor.next();
    if (word === undefined) return { verb: 'slo' };
    cursor.end();
    const service = serviceIn(cursor, word) ?? word.toLowerCase();
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(service)) cursor.usage(`"${clip(word)}" is not a service name.`);
    return { verb: 'slo', service };
  },
  examples: [
    ['slo', { verb: 'slo' }],
    ['slo payments', { verb: 'slo', service: 'payments' }],
    ['budget service:api-gateway', { verb: 'slo', service: 'api-gateway' }],
  ],
  run: (command, { deps, actor }) => replying(showSloBudgets(deps, command, actor)),
};
