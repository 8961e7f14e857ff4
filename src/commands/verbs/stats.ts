import { parseSeverity, type Severity } from '../../domain/severity.js';
import { DAY } from '../../domain/time.js';
import { incidentStats } from '../../usecases/incident-stats.js';
import { type Cursor, clip, serviceIn } from '../cursor.js';
import { parseWindow } from '../time.js';
import { replying, type VerbSpec } from '../verb.js';

export const DEFAULT_STATS_WINDOW = 90 * DAY;

export type StatsCommand = { verb: 'stats'; window: number; service?: string; severity?: Severity };

export const stats: VerbSpec<StatsCommand> = {
  name: 'stats',
  usage: '/incident stats [90d] [service:NAME] [sevN]',
  help: 'MTTA/MTTM/MTTR: median, p90, n and the DORA band',
  group: 'Look back',
  parse(cursor: Cursor) {
    let window: number | undefined;
    let service: string | undefined;
    let severity: Severity | undefined;
    for (const token of cursor.remaining()) {
      const serviceName = serviceIn(cursor, token);
      if (serviceName !== undefined && !service) {
        service = serviceName;
        continue;
      }
      const parsedSeverity = /^sev/i.test(token) ? parseSeverity(token) : undefined;
      if (parsedSeverity && !severity) {
        severity = parsedSeverity;
        continue;
      }
      const parsedWindow = parseWindow(token);
      if (parsedWindow && window === undefined) {
        window = parsedWindow;
        continue;
      }
      cursor.usage(`"${clip(token)}" is not a window (like 90d), a service:NAME or a sevN.`);
    }
    return {
      verb: 'stats',
      window: window ?? DEFAULT_STATS_WINDOW,
      ...(service ? { service } : {}),
      ...(severity ? { severity } : {}),
    };
  },
  examples: [
    ['stats', { verb: 'stats', window: DEFAULT_STATS_WINDOW }],
    [
      'stats 30d service:payments sev2',
      { verb: 'stats', window: 30 * DAY, service: 'payments', severity: 'SEV2' },
    ],
  ],
  run: (command, { deps, actor }) => replying(incidentStats(deps, command, actor)),
};
