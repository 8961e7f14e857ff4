import { DURATION_KINDS, DURATION_LABEL } from '../domain/durations.js';
import type { FollowUp, Incident } from '../domain/incident.js';
import { DAY, formatDuration, HOUR } from '../domain/time.js';
import { DORA_BAND_MEANING } from '../reports/dora.js';
import type { FourKeys } from '../reports/four-keys.js';
import type { DurationSummaries, GroupStats, MttxReport } from '../reports/mttx.js';
import type { Summary } from '../reports/percentile.js';
import { fourKeysBlocks, recordedNote } from './four-keys.js';
import { followUpLine } from './lists.js';
import type { Block, Message, Rich } from './model.js';

export function windowLabel(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return formatDuration(ms);
}

function cell(value: number | undefined): string {
  return value === undefined ? '–' : formatDuration(value);
}

function durationRows(durations: DurationSummaries): string[][] {
  return DURATION_KINDS.map((kind) => {
    const summary: Summary = durations[kind];
    return [
      kind.toUpperCase(),
      String(summary.n),
      cell(summary.median),
      cell(summary.p90),
      cell(summary.max),
    ];
  });
}

export interface OverdueFollowUp {
  incident: Incident;
  action: FollowUp;
}

export function statsMessage(
  report: MttxReport,
  extra: { openIncidents: number; overdue: OverdueFollowUp[]; today: string; fourKeys?: FourKeys },
): Message {
  const filters = [
    report.filters.service ? `service ${report.filters.service}` : '',
    report.filters.severity ?? '',
    report.filters.liveOnly ? 'live only' : '',
  ].filter(Boolean);
  const title = `Incident stats, last ${windowLabel(report.windowMs)}${filters.length > 0 ? ` (${filters.join(', ')})` : ''}`;
  const blocks: Block[] = [
    { type: 'header', text: `📊 ${title}` },
    {
      type: 'text',
      text: [
        `${report.incidents} declared since `,
        { date: report.since, format: 'date' },
        `: ${report.resolved} resolved, ${report.stillOpen} still open.`,
      ],
    },
    { type: 'table', columns: ['', 'n', 'median', 'p90', 'max'], rows: durationRows(report.durations) },
  ];
  if (report.dora) {
    blocks.push({
      type: 'text',
      text: [
        'DORA recovery band: ',
        { bold: report.dora.band },
        ` (median time to resolve ${formatDuration(report.dora.medianTtr)}, ${DORA_BAND_MEANING[report.dora.band]}; n = ${report.dora.n}, last ${windowLabel(report.windowMs)})`,
      ],
    });
  }
  if (report.smallSample) blocks.push({ type: 'context', text: [`⚠️ ${report.smallSample}`] });
  const liveOnly = report.filters.liveOnly === true;
  const recorded = recordedNote(report.recordedAfterTheFact, liveOnly, report.recordedLeftOut);
  if (recorded) blocks.push({ type: 'context', text: [`📼 ${recorded}`] });
  if (extra.fourKeys && extra.fourKeys.deploymentFrequency.deployments > 0) {
    blocks.push({
      type: 'text',
      text: [{ bold: "DORA's four keys" }, ' (production deployments in the window)'],
    });
    // Under live-only the note above says it once; otherwise the four keys count their own.
    blocks.push(...fourKeysBlocks(extra.fourKeys));
  }
  if (report.bySeverity.length > 1 || report.byService.length > 1) {
    const row = (group: GroupStats) => [
      group.key,
      String(group.incidents),
      cell(group.durations.tta.median),
      cell(group.durations.ttm.median),
      cell(group.durations.ttr.median),
      cell(group.durations.ttr.p90),
    ];
    const rows = [...report.bySeverity, ...report.byService].map(row);
    blocks.push({ type: 'table', columns: ['', 'n', 'TTA med', 'TTM med', 'TTR med', 'TTR p90'], rows });
  }
  blocks.push({
    type: 'text',
    text: [
      `Open now: ${extra.openIncidents} incident${extra.openIncidents === 1 ? '' : 's'} · overdue follow-ups: ${extra.overdue.length}`,
    ],
  });
  if (extra.overdue.length > 0) {
    blocks.push({
      type: 'list',
      items: extra.overdue
        .slice(0, 20)
        .map(({ incident, action }): Rich => [`${incident.id} `, ...followUpLine(action, extra.today)]),
    });
  }
  blocks.push({
    type: 'context',
    text: [
      `${DURATION_KINDS.map((kind) => `${kind.toUpperCase()} ${DURATION_LABEL[kind].toLowerCase()}`).join(' · ')}. Medians and p90 by linear interpolation; a duration counts once both its milestones are known.`,
    ],
  });
  return { summary: [title], blocks };
}
