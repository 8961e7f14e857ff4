import { budgetIncident, budgetQuery } from '../domain/budget-query.js';
import type { Incident } from '../domain/incident.js';
import { toInstant } from '../domain/time.js';
import { type IncidentBudgetLine, incidentBudget } from '../reports/error-budget.js';
import type { Deps } from './context.js';

/** What an incident has cost each SLO of its service so far; none when the service has no SLOs. */
export async function budgetOfIncident(deps: Deps, incident: Incident): Promise<IncidentBudgetLine[]> {
  const service = incident.service ? deps.catalog.find(incident.service) : undefined;
  const slos = service?.slos ?? [];
  if (!service || slos.length === 0) return [];
  const now = toInstant(deps.clock.now());
  const others = (await deps.store.reportRows(budgetQuery(service.name, slos, now))).map(budgetIncident);
  return incidentBudget(incident, slos, others, now, deps.settings.errorBudgetPolicy);
}
