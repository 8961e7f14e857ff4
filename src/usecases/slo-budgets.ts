import { budgetQuery } from '../domain/budget-query.js';
import { canSee } from '../domain/incident.js';
import { requireService } from '../domain/service-catalog.js';
import { budgetLookbackMinutes } from '../domain/slo.js';
import { MINUTE, millis, toInstant } from '../domain/time.js';
import type { Reply } from '../messages/model.js';
import { sloMessage } from '../messages/slo-report.js';
import { deploymentsDuringFreeze, type SloStanding, sloBudget } from '../reports/error-budget.js';
import type { Actor, Deps } from './context.js';
import type { Scope } from './incident-stats.js';
import { doraEnvironments } from './record-deployment.js';

/** Shown instead of the id of an incident the viewer may not see: it still spent the budget. */
export const PRIVATE_INCIDENT = 'private';

/**
 * Every SLO's budget now (or one service's), with the incidents that spent it: what `/incident slo`,
 * `firewatch slo` and the dashboard show. Private incidents spend budget like any other; the ids
 * of those the scope may not see are replaced by "private".
 */
export async function sloBudgets(
  deps: Deps,
  request: { service?: string },
  scope: Scope,
): Promise<SloStanding[]> {
  const services = request.service
    ? [requireService(deps.catalog, request.service)]
    : deps.catalog.services();
  const now = toInstant(deps.clock.now());
  const budgets: SloStanding[] = [];
  for (const service of services) {
    const slos = service.slos ?? [];
    if (slos.length === 0) continue;
    const deployments = await deps.store.deployments({
      service: service.name,
      since: toInstant(new Date(millis(now) - budgetLookbackMinutes(slos) * MINUTE)),
      environments: doraEnvironments(deps),
      status: 'success',
      limit: 1000,
    });
    // Whether a deployment met a freeze depends on the window that held it: reach back from the
    // oldest one.
    const oldest = deployments.at(-1)?.finishedAt;
    const from = oldest && millis(oldest) < millis(now) ? oldest : now;
    const incidents = await deps.store.list(budgetQuery(service.name, slos, from));
    const hidden = new Set(
      incidents
        .filter((incident) => !scope.includePrivate && !canSee(incident, scope.viewer))
        .map((incident) => incident.id),
    );
    const masked = (id: string) => (hidden.has(id) ? PRIVATE_INCIDENT : id);
    const policy = deps.settings.errorBudgetPolicy;
    for (const slo of slos) {
      const budget = sloBudget(slo, incidents, now, policy);
      budgets.push({
        ...budget,
        incidents: budget.incidents.map((item) => ({ ...item, id: masked(item.id) })),
        unmeasured: budget.unmeasured.map((item) => ({ ...item, id: masked(item.id) })),
        deployedDuringFreeze: deploymentsDuringFreeze(budget, slo, incidents, deployments, policy),
      });
    }
  }
  return budgets;
}

export async function showSloBudgets(
  deps: Deps,
  request: { service?: string },
  actor: Actor,
): Promise<Reply> {
  const budgets = await sloBudgets(deps, request, { viewer: actor.user });
  return { message: sloMessage(budgets, deps.settings.errorBudgetPolicy, request.service) };
}
