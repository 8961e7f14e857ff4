import { DAY } from '../../domain/time.js';
import { listDeployments } from '../../usecases/list-deployments.js';
import { type Cursor, clip } from '../cursor.js';
import { parseWindow } from '../time.js';
import { replying, type VerbSpec } from '../verb.js';

export const DEFAULT_DEPLOYS_WINDOW = 7 * DAY;

export type DeploysCommand = { verb: 'deploys'; window: number; service?: string };

export const deploys: VerbSpec<DeploysCommand> = {
  name: 'deploys',
  usage: '/incident deploys [SERVICE] [7d]',
  help: 'recent deployments: sha, who, when, and the incidents they caused',
  group: 'Look back',
  parse(cursor: Cursor) {
    let window: number | undefined;
    let service: string | undefined;
    for (const token of cursor.remaining()) {
      const parsedWindow = parseWindow(token);
      if (parsedWindow && window === undefined) {
        window = parsedWindow;
        continue;
      }
      const name = token.replace(/^service:/i, '');
      if (!service && /^[a-z0-9][a-z0-9_./-]*$/i.test(name)) {
        service = name;
        continue;
      }
      cursor.usage(`"${clip(token)}" is not a service or a window (like 7d).`);
    }
    return { verb: 'deploys', window: window ?? DEFAULT_DEPLOYS_WINDOW, ...(service ? { service } : {}) };
  },
  examples: [
    ['deploys', { verb: 'deploys', window: DEFAULT_DEPLOYS_WINDOW }],
    ['deploys payments 30d', { verb: 'deploys', window: 30 * DAY, service: 'payments' }],
  ],
  run: (command, { deps, actor }) => replying(listDeployments(deps, command, actor)),
};
