import type { Deps } from '../domain/deps.js';
import type { Incident } from '../domain/incident.js';
import { MINUTE, millis, toInstant } from '../domain/time.js';
import { errorBudgetInput } from '../effects/document-input.js';
import type { DoraBand } from '../reports/dora.js';
import { incidentBudget, sloBurnDown } from '../reports/error-budget.js';
import { BAND_YEARS, type FourKeys } from '../reports/four-keys.js';
import { fourKeysReport, fourKeysWeekly } from '../usecases/four-keys.js';
import { doraEnvironments } from '../usecases/record-deployment.js';
import { PRIVATE_INCIDENT, sloBudgets } from '../usecases/slo-budgets.js';
import type { DashboardSources, DoraKey, Reader, SloBudget, TrendSources } from './context.js';
import { duration } from './format.js';

/**
 * What the dashboard shows beyond the incidents themselves, from the same use cases as
 * `/incident dora`, `/incident slo` and the card: the four keys, the error budgets, the deployment
 * an incident is linked to and what it cost each SLO.
 */
export function dashboardSources(
  deps: Deps,
  draft: DashboardSources['draft'],
): DashboardSources & TrendSources {
  return {
    ...(draft ? { draft } : {}),
    deployment: (incident) => linkedDeployment(deps, incident),
    budgetSpent: (incident) => budgetSpent(deps, incident),
    doraKeys: (reader, windowMs) => doraKeys(deps, reader, windowMs),
    sloBudgets: (reader) => dashboardSloBudgets(deps, reader.viewer),
  };
}

async function linkedDeployment(deps: Deps, incident: Incident) {
  const cause = incident.cause;
  if (!cause) return undefined;
  const [deployment] = await deps.store.deployments({ ref: cause.deploymentId, limit: 1 });
  const sha = cause.sha.slice(0, 7);
  const who = deployment?.creator ? ` by @${deployment.creator}` : '';
  const changes = deployment?.changes?.length;
  const label = `${cause.deploymentId}: ${cause.service} ${sha}${deployment ? ` to ${deployment.environment}` : ''}${who}, finished ${cause.finishedAt.slice(0, 16).replace('T', ' ')} UTC${changes ? ` (${changes} change${changes === 1 ? '' : 's'})` : ''}${cause.note ? ` — ${cause.note}` : ''}`;
  // A GitHub deployment names its repository: the commit is one link away.
  const url = deployment?.repository
    ? `https://github.com/${deployment.repository}/commit/${cause.sha}`
    : undefined;
  return { label, ...(url ? { url } : {}) };
}

async function budgetSpent(deps: Deps, incident: Incident) {
  const input = await errorBudgetInput(deps, incident);
  if (!input) return [];
  const now = toInstant(deps.clock.now());
  return incidentBudget(incident, input.slos, input.incidents, now, input.policy).map((line) =>
    line.spend.known
      ? { slo: line.slo, known: true, minutes: line.spend.spentMinutes, share: line.spend.spentShare }
      : { slo: line.slo, known: false, minutes: line.spend.upToMinutes, share: line.spend.upToShare },
  );
}

function band(value: DoraBand | null, year: number): string | undefined {
  return value === null ? undefined : `${value} (DORA ${year})`;
}

/** Undefined until a production deployment is known: the page then explains how to send them. */
async function doraKeys(deps: Deps, reader: Reader, windowMs: number): Promise<DoraKey[] | undefined> {
  const known = await deps.store.deployments({ environments: doraEnvironments(deps), limit: 1 });
  if (known.length === 0) return undefined;
  const scope = { viewer: reader.viewer };
  const [overall, weeks] = await Promise.all([
    fourKeysReport(deps, { window: windowMs }, scope),
    fourKeysWeekly(deps, { window: windowMs }, scope),
  ]);
  const series = (pick: (keys: FourKeys) => { value: number | null; n: number; band: string | undefined }) =>
    weeks.map((week) => {
      const point = pick(week);
      return {
        week: millis(week.window.from),
        value: point.value,
        n: point.n,
        ...(point.band ? { band: point.band } : {}),
      };
    });
  const minutes = (value: number | null) => (value === null ? '–' : duration(value * MINUTE));
  const df = overall.deploymentFrequency;
  const lead = overall.leadTime;
  const cfr = overall.changeFailureRate;
  const recovery = overall.recoveryTime;
  const withBand = (text: string, value: string | undefined, n: number) => ({
    value: text,
    n,
    ...(value ? { band: value } : {}),
  });
  return [
    {
      name: 'Deployment frequency',
      unit: 'deployments',
      weeks: series((week) => ({
        value: week.deploymentFrequency.deployments,
        n: week.deploymentFrequency.deployments,
        band: band(week.deploymentFrequency.band, BAND_YEARS.deploymentFrequency),
      })),
      overall: withBand(
        `${df.perWeek} a week; median ${df.medianDeployDaysPerWeek} deploy day${df.medianDeployDaysPerWeek === 1 ? '' : 's'} a week`,
        band(df.band, BAND_YEARS.deploymentFrequency),
        df.deployments,
      ),
    },
    {
      name: 'Lead time for changes (median)',
      unit: 'min',
      weeks: series((week) => ({
        value: week.leadTime.medianMinutes,
        n: week.leadTime.n,
        band: band(week.leadTime.band, BAND_YEARS.leadTime),
      })),
      overall: withBand(
        `median ${minutes(lead.medianMinutes)}, p90 ${minutes(lead.p90Minutes)}`,
        band(lead.band, BAND_YEARS.leadTime),
        lead.n,
      ),
      ...(lead.excluded > 0
        ? { note: `${lead.excluded} deployments with unknown changes are left out.` }
        : {}),
    },
    {
      name: 'Change failure rate',
      unit: '%',
      weeks: series((week) => ({
        value:
          week.changeFailureRate.rate === null ? null : Math.round(week.changeFailureRate.rate * 1000) / 10,
        n: week.changeFailureRate.deployments,
        band: band(week.changeFailureRate.band, BAND_YEARS.changeFailureRate),
      })),
      overall: withBand(
        cfr.rate === null
          ? '–'
          : `${Math.round(cfr.rate * 1000) / 10} % (${cfr.failed} of ${cfr.deployments} deployments caused an incident)`,
        band(cfr.band, BAND_YEARS.changeFailureRate),
        cfr.deployments,
      ),
    },
    {
      name: 'Failed deployment recovery time (median)',
      unit: 'min',
      weeks: series((week) => ({
        value: week.recoveryTime.medianMinutes,
        n: week.recoveryTime.n,
        band: band(week.recoveryTime.band, BAND_YEARS.recoveryTime),
      })),
      overall: withBand(
        `median ${minutes(recovery.medianMinutes)}`,
        band(recovery.band, BAND_YEARS.recoveryTime),
        recovery.n,
      ),
    },
  ];
}

/** Every SLO's budget as `/incident slo` reports it, with its burn-down, for the dashboard's reader. */
async function dashboardSloBudgets(deps: Deps, viewer: string): Promise<SloBudget[]> {
  const budgets = await sloBudgets(deps, {}, { viewer });
  return Promise.all(
    budgets.map(async (budget) => ({
      service: budget.service,
      slo: budget.slo,
      target: budget.target,
      windowDays: budget.windowDays,
      budgetMinutes: budget.budgetMinutes,
      burnDown: [
        ...sloBurnDown(budget).map((point) => ({ at: millis(point.at), leftMinutes: point.leftMinutes })),
        { at: deps.clock.now().getTime(), leftMinutes: budget.budgetMinutes - budget.spentMinutes },
      ],
      incidents: await Promise.all(
        budget.incidents.map(async (item) => ({
          id: item.id,
          // A private incident spends budget too; its id and title stay hidden (PRIVATE_INCIDENT).
          title: item.id === PRIVATE_INCIDENT ? '' : ((await deps.store.load(item.id))?.incident.title ?? ''),
          spentMinutes: item.spentMinutes,
          spentShare: item.spentShare,
        })),
      ),
      deployedDuringFreeze: budget.deployedDuringFreeze,
      status: budget.status,
    })),
  );
}
