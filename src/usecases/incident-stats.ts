import type { UserId } from '../domain/incident.js';
import { ACTIVE_STATUSES } from '../domain/lifecycle.js';
import type { Severity } from '../domain/severity.js';
import { toInstant } from '../domain/time.js';
import type { Reply } from '../messages/model.js';
import { type OverdueFollowUp, statsMessage } from '../messages/report.js';
import { buildMttxReport, type MttxReport } from '../reports/mttx.js';
import type { Actor, Deps } from './context.js';
import { requireService } from './declare-incident.js';

export interface StatsRequest {
  window: number;
  service?: string;
  severity?: Severity;
}

/** The MTTx report for incidents declared in the window, as `viewer` may see them. */
export async function mttxReport(deps: Deps, request: StatsRequest, viewer: UserId): Promise<MttxReport> {
  const service = request.service ? requireService(deps, request.service).name : undefined;
  const now = deps.clock.now();
  const since = toInstant(new Date(now.getTime() - request.window));
  const filters = {
    ...(service ? { service } : {}),
    ...(request.severity ? { severity: request.severity } : {}),
  };
  const rows = await deps.store.reportRows({ viewer, declaredSince: since, ...filters });
  return buildMttxReport(rows, { since, until: toInstant(now), windowMs: request.window, filters });
}

/** Follow-ups past their due date, across all incidents the viewer may see. */
export async function overdueFollowUps(
  deps: Deps,
  viewer: UserId,
  today: string,
  service?: string,
): Promise<OverdueFollowUp[]> {
  const incidents = await deps.store.list({
    viewer,
    withOpenActions: true,
    ...(service ? { service } : {}),
    limit: 10_000,
  });
  return incidents.flatMap((incident) =>
    incident.actions
      .filter((action) => action.status === 'open' && action.due !== undefined && action.due < today)
      .map((action) => ({ incident, action })),
  );
}

export async function incidentStats(deps: Deps, request: StatsRequest, actor: Actor): Promise<Reply> {
  const report = await mttxReport(deps, request, actor.user);
  const today = toInstant(deps.clock.now()).slice(0, 10);
  const open = await deps.store.list({
    viewer: actor.user,
    statuses: ACTIVE_STATUSES,
    ...report.filters,
    limit: 10_000,
  });
  const overdue = await overdueFollowUps(deps, actor.user, today, report.filters.service);
  return { message: statsMessage(report, { openIncidents: open.length, overdue, today }) };
}
