import { formatDuration, MINUTE } from '../domain/time.js';
import { DORA_BAND_MEANING, type DoraBand, SMALL_SAMPLE } from '../reports/dora.js';
import { BAND_YEARS, type FourKeys } from '../reports/four-keys.js';
import type { Block, Message } from './model.js';
import { windowLabel } from './report.js';

function minutes(value: number | null): string {
  return value === null ? '–' : formatDuration(Math.round(value) * MINUTE);
}

function band(value: DoraBand | null, year: number): string {
  return value === null ? '–' : `${value} (DORA ${year})`;
}

/** The four keys as rows of a table: the key, the figure, its n, its band. */
export function fourKeysRows(keys: FourKeys): string[][] {
  const df = keys.deploymentFrequency;
  const lead = keys.leadTime;
  const cfr = keys.changeFailureRate;
  const recovery = keys.recoveryTime;
  return [
    [
      'Deployment frequency',
      `${df.deployments} deployments, ${df.perWeek}/week; median ${df.medianDeployDaysPerWeek} deploy day${df.medianDeployDaysPerWeek === 1 ? '' : 's'} a week`,
      String(df.deployments),
      band(df.band, BAND_YEARS.deploymentFrequency),
    ],
    [
      'Lead time for changes',
      `median ${minutes(lead.medianMinutes)}, p90 ${minutes(lead.p90Minutes)}${lead.excluded > 0 ? ` (${lead.excluded} deployment${lead.excluded === 1 ? '' : 's'} with unknown changes left out)` : ''}`,
      String(lead.n),
      band(lead.band, BAND_YEARS.leadTime),
    ],
    [
      'Change failure rate',
      cfr.rate === null
        ? '–'
        : `${Math.round(cfr.rate * 1000) / 10}% (${cfr.failed} of ${cfr.deployments} caused an incident)`,
      String(cfr.deployments),
      band(cfr.band, BAND_YEARS.changeFailureRate),
    ],
    [
      'Failed deployment recovery time',
      `median ${minutes(recovery.medianMinutes)}`,
      String(recovery.n),
      band(recovery.band, BAND_YEARS.recoveryTime),
    ],
  ];
}

/** What a small n means, said plainly, as `stats` does. */
export function fourKeysWarnings(keys: FourKeys): string[] {
  const warnings: string[] = [];
  if (keys.deploymentFrequency.deployments === 0)
    warnings.push(
      'No production deployments in this window: send them from GitHub, any CI/CD or the CLI (see "Deployments" in the README).',
    );
  else if (keys.deploymentFrequency.deployments < SMALL_SAMPLE)
    warnings.push(
      `Only ${keys.deploymentFrequency.deployments} production deployments: too few for the figures to say much.`,
    );
  if (keys.recoveryTime.n > 0 && keys.recoveryTime.n < SMALL_SAMPLE)
    warnings.push(
      `Only ${keys.recoveryTime.n} resolved incident${keys.recoveryTime.n === 1 ? '' : 's'} caused by a deployment: the recovery median says little.`,
    );
  return warnings;
}

/** How incidents recorded after the fact weigh in the figures, said whenever it matters. */
export function recordedNote(counted: number, liveOnly: boolean, leftOut?: number): string | undefined {
  if (liveOnly)
    return leftOut === undefined
      ? 'Live incidents only: incidents recorded after the fact are left out.'
      : `Live incidents only: ${leftOut} recorded after the fact ${leftOut === 1 ? 'is' : 'are'} left out.`;
  if (counted === 0) return undefined;
  return `${counted} of these incidents ${counted === 1 ? 'was' : 'were'} recorded after the fact; add live-only to leave them out.`;
}

export function fourKeysBlocks(keys: FourKeys, liveOnly = false): Block[] {
  const blocks: Block[] = [{ type: 'table', columns: ['', 'figure', 'n', 'band'], rows: fourKeysRows(keys) }];
  for (const warning of fourKeysWarnings(keys)) blocks.push({ type: 'context', text: [`⚠️ ${warning}`] });
  const recorded = recordedNote(keys.recordedAfterTheFact, liveOnly);
  if (recorded) blocks.push({ type: 'context', text: [`📼 ${recorded}`] });
  return blocks;
}

/** `/incident dora`: the four keys over a window, for one service or all. */
export function fourKeysMessage(
  keys: FourKeys,
  windowMs: number,
  options: { liveOnly?: boolean } = {},
): Message {
  const title = `DORA's four keys, last ${windowLabel(windowMs)}${keys.service ? ` (${keys.service})` : ''}`;
  const meaning = (Object.keys(DORA_BAND_MEANING) as DoraBand[]).join(' › ');
  return {
    summary: [title],
    blocks: [
      { type: 'header', text: `🚀 ${title}` },
      {
        type: 'text',
        text: [
          'Production deployments from ',
          { date: keys.window.from, format: 'date' },
          ' to ',
          { date: keys.window.to, format: 'date' },
          ', and the incidents linked to them with `/incident cause`.',
        ],
      },
      ...fourKeysBlocks(keys, options.liveOnly === true),
      {
        type: 'context',
        text: [
          `Bands ${meaning}, from the DORA report of the year shown. Lead time: deployment − commit of each change. Change failure rate: deployments that caused at least one incident ÷ deployments. Recovery: resolved − impact began. Medians and p90 by linear interpolation, as in stats.`,
        ],
      },
    ],
  };
}
