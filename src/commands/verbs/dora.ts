import { DAY } from '../../domain/time.js';
import { incidentDora } from '../../usecases/four-keys.js';
import type { Cursor } from '../cursor.js';
import { parseReportScope } from '../report-scope.js';
import { replying, type VerbSpec } from '../verb.js';

export const DEFAULT_DORA_WINDOW = 90 * DAY;

export type DoraCommand = { verb: 'dora'; window: number; service?: string; liveOnly?: true };

export const dora: VerbSpec<DoraCommand> = {
  name: 'dora',
  usage: '/incident dora [90d] [service:NAME] [live-only]',
  help: "DORA's four keys from deployments and the incidents they caused, with bands",
  group: 'Look back',
  parse(cursor: Cursor) {
    const { window, ...scope } = parseReportScope(cursor, { severity: false });
    return { verb: 'dora', window: window ?? DEFAULT_DORA_WINDOW, ...scope };
  },
  examples: [
    ['dora', { verb: 'dora', window: DEFAULT_DORA_WINDOW }],
    ['dora 30d service:payments', { verb: 'dora', window: 30 * DAY, service: 'payments' }],
    ['dora live-only 7d', { verb: 'dora', window: 7 * DAY, liveOnly: true }],
  ],
  run: (command, { deps, actor }) => replying(incidentDora(deps, command, actor)),
};
