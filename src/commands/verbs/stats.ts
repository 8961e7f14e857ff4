import type { Severity } from '../../domain/severity.js';
import { DAY } from '../../domain/time.js';
import { incidentStats } from '../../usecases/incident-stats.js';
import type { Cursor } from '../cursor.js';
import { parseReportScope } from '../report-scope.js';
import { replying, type VerbSpec } from '../verb.js';

export const DEFAULT_STATS_WINDOW = 90 * DAY;

export type StatsCommand = {
  verb: 'stats';
  window: number;
  service?: string;
  severity?: Severity;
  liveOnly?: true;
};

export const stats: VerbSpec<StatsCommand> = {
  name: 'stats',
  usage: '/incident stats [90d] [service:NAME] [sevN] [live-only]',
  help: 'MTTA/MTTM/MTTR: median, p90, n and the DORA band',
  group: 'Look back',
  parse(cursor: Cursor) {
    const { window, ...scope } = parseReportScope(cursor, { severity: true });
    return { verb: 'stats', window: window ?? DEFAULT_STATS_WINDOW, ...scope };
  },
  examples: [
    ['stats', { verb: 'stats', window: DEFAULT_STATS_WINDOW }],
    [
      'stats 30d service:payments sev2',
      { verb: 'stats', window: 30 * DAY, service: 'payments', severity: 'SEV2' },
    ],
    ['stats 10y live-only', { verb: 'stats', window: 10 * 365 * DAY, liveOnly: true }],
  ],
  run: (command, { deps, actor }) => replying(incidentStats(deps, command, actor)),
};
