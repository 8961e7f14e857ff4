import { FIREWATCH } from './actors.js';
import type { IncidentQuery } from './ports.js';
import { budgetLookbackMinutes, type Slo } from './slo.js';
import { type Instant, MINUTE, millis } from './time.js';

/**
 * The incidents that may have spent a service's error budgets: active within its longest window.
 * Private incidents spend budget like any other, so they are counted; who may see them by name is
 * for the report to decide.
 */
export function budgetQuery(service: string, slos: readonly Slo[], now: Instant): IncidentQuery {
  const since = new Date(millis(now) - budgetLookbackMinutes(slos) * MINUTE).toISOString();
  return { viewer: FIREWATCH, includePrivate: true, service, activeSince: since, limit: 10_000 };
}
