import { parseSeverity, type Severity } from '../../domain/severity.js';
import { DAY } from '../../domain/time.js';
import { incidentStats } from '../../usecases/incident-stats.js';
import { type Cursor, clip, serviceIn } from '../cursor.js';
import { isLiveOnly, parseWindow } from '../time.js';
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
    let window: number | undefined;
    let service: string | undefined;
    let severity: Severity | undefined;
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
      cursor.usage(`"${clip(token)}" is not a window (like 90d), a service:NAME, a sevN or live-only.`);
    }
    return {
      verb: 'stats',
      window: window ?? DEFAULT_STATS_WINDOW,
      ...(service ? { service } : {}),
      ...(severity ? { severity } : {}),
      ...(liveOnly ? { liveOnly: true as const } : {}),
    };
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
