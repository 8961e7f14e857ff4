import { DAY } from '../../domain/time.js';
import { incidentDora } from '../../usecases/four-keys.js';
import { type Cursor, clip, serviceIn } from '../cursor.js';
import { isLiveOnly, parseWindow } from '../time.js';
import { replying, type VerbSpec } from '../verb.js';

export const DEFAULT_DORA_WINDOW = 90 * DAY;

export type DoraCommand = { verb: 'dora'; window: number; service?: string; liveOnly?: true };

export const dora: VerbSpec<DoraCommand> = {
  name: 'dora',
  usage: '/incident dora [90d] [service:NAME] [live-only]',
  help: "DORA's four keys from deployments and the incidents they caused, with bands",
  group: 'Look back',
  parse(cursor: Cursor) {
    let window: number | undefined;
    let service: string | undefined;
    let liveOnly = false;
    for (const token of cursor.remaining()) {
      if (isLiveOnly(token)) {
        liveOnly = true;
        continue;
      }
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
      cursor.usage(`"${clip(token)}" is not a window (like 90d), a service:NAME or live-only.`);
    }
    return {
      verb: 'dora',
      window: window ?? DEFAULT_DORA_WINDOW,
      ...(service ? { service } : {}),
      ...(liveOnly ? { liveOnly: true as const } : {}),
    };
  },
  examples: [
    ['dora', { verb: 'dora', window: DEFAULT_DORA_WINDOW }],
    ['dora 30d service:payments', { verb: 'dora', window: 30 * DAY, service: 'payments' }],
    ['dora live-only 7d', { verb: 'dora', window: 7 * DAY, liveOnly: true }],
  ],
  run: (command, { deps, actor }) => replying(incidentDora(deps, command, actor)),
};
