import type { Deployment } from '../domain/deployments.js';
import { type BudgetIncident, incidentSpend, type Spend } from '../domain/error-budget.js';
import type { ErrorBudgetPolicy } from '../domain/error-budget-policy.js';
import type { Incident, IncidentId } from '../domain/incident.js';
import { budgetMinutes, type Slo } from '../domain/slo.js';
import { DAY, type Instant, MINUTE, millis } from '../domain/time.js';
import { windowAt } from './slo-window.js';

export type BudgetStatus = 'healthy' | 'half-spent' | 'exhausted';

export interface IncidentSpent {
  id: IncidentId;
  /** When its impact began: the burn-down's x. */
  startedAt: Instant;
  spentMinutes: number;
  spentShare: number;
}

/** One SLO's budget over its current window, and the incidents that spent it. */
export interface SloBudget {
  service: string;
  slo: string;
  target: number;
  windowDays: number;
  /** The window as judged now: rolling (ends now) or the calendar period holding now. */
  window: { duration: string; isRolling: boolean; from: Instant; to: Instant };
  budgetMinutes: number;
  spentMinutes: number;
  spentShare: number;
  /** Incidents whose impact figure spent some of this window's budget, in the order they began. */
  incidents: IncidentSpent[];
  /** Incidents in the window without an impact figure: what each would spend if all traffic was affected. */
  unmeasured: Array<{ id: IncidentId; upToMinutes: number; upToShare: number }>;
  status: BudgetStatus;
  /** The policy's change freeze applies: the budget spent has reached its freeze share. */
  freeze: boolean;
}

export function budgetStatus(spentShare: number): BudgetStatus {
  if (spentShare >= 1) return 'exhausted';
  return spentShare > 0.5 ? 'half-spent' : 'healthy';
}

/**
 * One SLO's error budget at `now`, from the incidents of its service (others are ignored). Only the
 * part of each incident's impact inside the window counts.
 */
export function sloBudget(
  slo: Slo,
  incidents: readonly BudgetIncident[],
  now: Instant,
  policy: Pick<ErrorBudgetPolicy, 'freezeShare'>,
): SloBudget {
  const bounds = windowAt(slo.window, millis(now));
  const budget = budgetMinutes(slo.target, bounds.minutes);
  const clip = { from: bounds.from, to: Math.min(bounds.to, millis(now)) };
  const terms = { name: slo.name, target: slo.target, windowMinutes: bounds.minutes };
  const spent: IncidentSpent[] = [];
  const unmeasured: SloBudget['unmeasured'] = [];
  // Each start parsed once, not at every comparison of the sort.
  const ordered = incidents
    .filter((incident) => incident.service === slo.service)
    .map((incident) => ({ incident, start: millis(incident.milestones.impactStartedAt) }))
    .sort((a, b) => a.start - b.start);
  for (const { incident } of ordered) {
    const spend = incidentSpend(incident, terms, now, clip);
    if (spend.known && spend.spentMinutes > 0) {
      spent.push({
        id: incident.id,
        startedAt: incident.milestones.impactStartedAt,
        spentMinutes: spend.spentMinutes,
        spentShare: spend.spentShare,
      });
    } else if (!spend.known && spend.upToMinutes > 0) {
      unmeasured.push({ id: incident.id, upToMinutes: spend.upToMinutes, upToShare: spend.upToShare });
    }
  }
  const spentMinutes = spent.reduce((total, item) => total + item.spentMinutes, 0);
  const spentShare = budget > 0 ? spentMinutes / budget : 0;
  return {
    service: slo.service,
    slo: slo.name,
    target: slo.target,
    windowDays: bounds.minutes / (DAY / MINUTE),
    window: {
      duration: slo.window.duration,
      isRolling: slo.window.isRolling,
      from: new Date(bounds.from).toISOString(),
      to: new Date(bounds.to).toISOString(),
    },
    budgetMinutes: budget,
    spentMinutes,
    spentShare,
    incidents: spent,
    unmeasured,
    status: budgetStatus(spentShare),
    freeze: spentShare >= policy.freezeShare,
  };
}

/** Every SLO's budget at `now`: what `/incident slo`, the CLI report and the dashboard show. */
export function errorBudgets(
  slos: readonly Slo[],
  incidents: readonly BudgetIncident[],
  now: Instant,
  policy: Pick<ErrorBudgetPolicy, 'freezeShare'>,
): SloBudget[] {
  return slos.map((slo) => sloBudget(slo, incidents, now, policy));
}

/**
 * The SLOs whose budget was spent to the freeze share at `at`, as far as the incidents known now
 * tell: what decides whether an incident was declared, or a deployment made, during a change freeze.
 */
export function frozenSlosAt(
  slos: readonly Slo[],
  incidents: readonly BudgetIncident[],
  at: Instant,
  policy: Pick<ErrorBudgetPolicy, 'freezeShare'>,
): string[] {
  return errorBudgets(slos, incidents, at, policy)
    .filter((budget) => budget.freeze)
    .map((budget) => budget.slo);
}

/** A deployment made while an SLO's budget was exhausted: against the policy's change freeze. */
export interface FrozenDeployment {
  id: string;
  sha: string;
  finishedAt: Instant;
  creator?: string;
}

/** A budget as `/incident slo` reports it: with the deployments made against a freeze. */
export interface SloStanding extends SloBudget {
  deployedDuringFreeze: FrozenDeployment[];
}

/**
 * The deployments of the SLO's service made in its current window while its budget was spent to
 * the freeze share, oldest first.
 */
export function deploymentsDuringFreeze(
  budget: Pick<SloBudget, 'window'>,
  slo: Slo,
  incidents: readonly BudgetIncident[],
  deployments: readonly Deployment[],
  policy: Pick<ErrorBudgetPolicy, 'freezeShare'>,
): FrozenDeployment[] {
  const from = millis(budget.window.from);
  return deployments
    .filter((deployment) => deployment.service === slo.service && deployment.status === 'success')
    .filter((deployment) => millis(deployment.finishedAt) >= from)
    .filter((deployment) => sloBudget(slo, incidents, deployment.finishedAt, policy).freeze)
    .sort((a, b) => millis(a.finishedAt) - millis(b.finishedAt))
    .map((deployment) => ({
      id: deployment.id,
      sha: deployment.sha,
      finishedAt: deployment.finishedAt,
      ...(deployment.creator ? { creator: deployment.creator } : {}),
    }));
}

/**
 * The budget left after each incident that spent some, in order: a burn-down chart's points,
 * starting with the whole budget at the window's start.
 */
export function sloBurnDown(
  budget: SloBudget,
): Array<{ at: Instant; incident?: IncidentId; leftMinutes: number }> {
  let left = budget.budgetMinutes;
  const points: Array<{ at: Instant; incident?: IncidentId; leftMinutes: number }> = [
    { at: budget.window.from, leftMinutes: left },
  ];
  for (const item of budget.incidents) {
    left -= item.spentMinutes;
    points.push({ at: item.startedAt, incident: item.id, leftMinutes: left });
  }
  return points;
}

/** What one incident cost one SLO, for its card, its resolve message and its postmortem. */
export interface IncidentBudgetLine {
  slo: string;
  target: number;
  windowDays: number;
  budgetMinutes: number;
  spend: Spend;
  /** The budget left in the window now, counting this incident and every other one in it. */
  leftMinutes: number;
  leftShare: number;
  /** The incident spent more than the policy's share: postmortem required, with a P0 follow-up. */
  needsP0: boolean;
  /** The budget is spent to the policy's freeze share. */
  freeze: boolean;
}

/**
 * The incident's cost to each SLO of its service. `others` are the service's incidents in the
 * window (the incident itself among them or not).
 */
export function incidentBudget(
  incident: Incident,
  slos: readonly Slo[],
  others: readonly BudgetIncident[],
  now: Instant,
  policy: Pick<ErrorBudgetPolicy, 'freezeShare' | 'incidentShare'>,
): IncidentBudgetLine[] {
  const all = [incident, ...others.filter((other) => other.id !== incident.id)];
  return slos.map((slo) => {
    const whole = sloBudget(slo, all, now, policy);
    const windowMinutes = whole.windowDays * (DAY / MINUTE);
    const spend = incidentSpend(incident, { name: slo.name, target: slo.target, windowMinutes }, now);
    const leftMinutes = whole.budgetMinutes - whole.spentMinutes;
    return {
      slo: slo.name,
      target: slo.target,
      windowDays: whole.windowDays,
      budgetMinutes: whole.budgetMinutes,
      spend,
      leftMinutes,
      leftShare: whole.budgetMinutes > 0 ? leftMinutes / whole.budgetMinutes : 0,
      needsP0: spend.known && spend.spentShare > policy.incidentShare,
      freeze: whole.freeze,
    };
  });
}

/** Does an incident's cost call for a P0 follow-up under the policy? */
export function needsP0FollowUp(lines: readonly IncidentBudgetLine[]): boolean {
  return lines.some((line) => line.needsP0);
}
