import { FIREWATCH } from './actors.js';
import type { BudgetIncident } from './error-budget.js';
import type { IncidentQuery, ReportRow } from './ports.js';
import { budgetLookbackMinutes, type Slo } from './slo.js';
import { type Instant, MINUTE, millis, toInstant } from './time.js';

/**
 * The incidents that may have spent a service's error budgets: active within its longest window.
 * Private incidents spend budget like any other, so they are counted; who may see them by name is
 * for the report to decide.
 */
export function budgetQuery(service: string, slos: readonly Slo[], now: Instant): IncidentQuery {
  const since = new Date(millis(now) - budgetLookbackMinutes(slos) * MINUTE).toISOString();
  return { viewer: FIREWATCH, includePrivate: true, service, activeSince: since, limit: 10_000 };
}

/** An error budget's view of an incident, from its report row (see BudgetIncident). */
export function budgetIncident(row: ReportRow): BudgetIncident {
  return {
    id: row.id,
    ...(row.service !== null ? { service: row.service } : {}),
    ...(row.impacts ? { impacts: row.impacts } : {}),
    milestones: {
      impactStartedAt: toInstant(new Date(row.impactStartedAt)),
      ...(row.mitigatedAt !== null ? { mitigatedAt: toInstant(new Date(row.mitigatedAt)) } : {}),
    },
  };
}
