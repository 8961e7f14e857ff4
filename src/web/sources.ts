import type { Deps } from '../domain/deps.js';
import type { Incident } from '../domain/incident.js';
import { MINUTE, millis, toInstant } from '../domain/time.js';
import { causeDeployment, errorBudgetInput } from '../effects/document-input.js';
import type { DoraBand } from '../reports/dora.js';
import { incidentBudget, sloBurnDown } from '../reports/error-budget.js';
import { BAND_YEARS, type FourKeys } from '../reports/four-keys.js';
import { fourKeysByWeek } from '../usecases/four-keys.js';
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
  const deployment = await causeDeployment(deps, incident);
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

type KeyField = keyof typeof BAND_YEARS;

/** Undefined until a production deployment is known: the page then explains how to send them. */
async function doraKeys(deps: Deps, reader: Reader, windowMs: number): Promise<DoraKey[] | undefined> {
  const known = await deps.store.deployments({ environments: doraEnvironments(deps), limit: 1 });
  if (known.length === 0) return undefined;
  const { overall, weeks } = await fourKeysByWeek(deps, { window: windowMs }, { viewer: reader.viewer });
  const bandOf = (keys: FourKeys, field: KeyField) => band(keys[field].band, BAND_YEARS[field]);
  /** One key: its weekly series and its figure over the window, each with its band and n. */
  const key = (
    name: string,
    unit: string,
    field: KeyField,
    point: (keys: FourKeys) => { value: number | null; n: number },
    text: string,
    note?: string,
  ): DoraKey => {
    const overallBand = bandOf(overall, field);
    return {
      name,
      unit,
      weeks: weeks.map((week) => {
        const weekBand = bandOf(week, field);
        return { week: millis(week.window.from), ...point(week), ...(weekBand ? { band: weekBand } : {}) };
      }),
      overall: { value: text, n: point(overall).n, ...(overallBand ? { band: overallBand } : {}) },
      ...(note ? { note } : {}),
    };
  };
  const minutes = (value: number | null) => (value === null ? '–' : duration(value * MINUTE));
  const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
  const df = overall.deploymentFrequency;
  const lead = overall.leadTime;
  const cfr = overall.changeFailureRate;
  return [
    key(
      'Deployment frequency',
      'deployments',
      'deploymentFrequency',
      (keys) => ({ value: keys.deploymentFrequency.deployments, n: keys.deploymentFrequency.deployments }),
      `${df.perWeek} a week; median ${df.medianDeployDaysPerWeek} deploy day${df.medianDeployDaysPerWeek === 1 ? '' : 's'} a week`,
    ),
    key(
      'Lead time for changes (median)',
      'min',
      'leadTime',
      (keys) => ({ value: keys.leadTime.medianMinutes, n: keys.leadTime.n }),
      `median ${minutes(lead.medianMinutes)}, p90 ${minutes(lead.p90Minutes)}`,
      lead.excluded > 0 ? `${lead.excluded} deployments with unknown changes are left out.` : undefined,
    ),
    key(
      'Change failure rate',
      '%',
      'changeFailureRate',
      (keys) => ({ value: percent(keys.changeFailureRate.rate), n: keys.changeFailureRate.deployments }),
      cfr.rate === null
        ? '–'
        : `${percent(cfr.rate)} % (${cfr.failed} of ${cfr.deployments} deployments caused an incident)`,
    ),
    key(
      'Failed deployment recovery time (median)',
      'min',
      'recoveryTime',
      (keys) => ({ value: keys.recoveryTime.medianMinutes, n: keys.recoveryTime.n }),
      `median ${minutes(overall.recoveryTime.medianMinutes)}`,
    ),
  ];
}

/** Every SLO's budget as `/incident slo` reports it, with its burn-down, for the dashboard's reader. */
async function dashboardSloBudgets(deps: Deps, viewer: string): Promise<SloBudget[]> {
  const budgets = await sloBudgets(deps, {}, { viewer });
  // An incident that spent several SLOs of its service is read once.
  const titles = new Map<string, Promise<string>>();
  const titleOf = (id: string) => {
    let title = titles.get(id);
    if (!title) {
      title = deps.store.load(id).then((stored) => stored?.incident.title ?? '');
      titles.set(id, title);
    }
    return title;
  };
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
          title: item.id === PRIVATE_INCIDENT ? '' : await titleOf(item.id),
          spentMinutes: item.spentMinutes,
          spentShare: item.spentShare,
        })),
      ),
      deployedDuringFreeze: budget.deployedDuringFreeze,
      status: budget.status,
    })),
  );
}
