import { DAY } from '../../domain/time.js';
import { incidentDora } from '../../usecases/four-keys.js';
import { type Cursor, clip, serviceIn } from '../cursor.js';
import { parseWindow } from '../time.js';
import { replying, type VerbSpec } from '../verb.js';

export const DEFAULT_DORA_WINDOW = 90 * DAY;

export type DoraCommand = { verb: 'dora'; window: number; service?: string };

export const dora: VerbSpec<DoraCommand> = {
  name: 'dora',
  usage: '/incident dora [90d] [service:NAME]',
  help: "DORA's four keys from deployments and the incidents they caused, with bands",
  group: 'Look back',
  parse(cursor: Cursor) {
    let window: number | undefined;
    let service: string | undefined;
    for (const token of cursor.remaining()) {
      const serviceName = serviceIn(cursor, token);
      if (serviceName !== undefined && !service) {
        service = serviceName;
        continue;
      }
      const parsedWindow = parseWindow(token);
      if (parsedWindow && window === undefined) {
        window = parsedWindow;
        continue;
      }
      cursor.usage(`"${clip(token)}" is not a window (like 90d) or a service:NAME.`);
    }
    return { verb: 'dora', window: window ?? DEFAULT_DORA_WINDOW, ...(service ? { service } : {}) };
  },
  examples: [
    ['dora', { verb: 'dora', window: DEFAULT_DORA_WINDOW }],
    ['dora 30d service:payments', { verb: 'dora', window: 30 * DAY, service: 'payments' }],
  ],
  run: (command, { deps, actor }) => replying(incidentDora(deps, command, actor)),
};
