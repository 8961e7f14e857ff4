import type { UserId } from '../domain/incident.js';
import { ACTIVE_STATUSES } from '../domain/lifecycle.js';
import type { ReportRow } from '../domain/ports.js';
import { requireService } from '../domain/service-catalog.js';
import type { Severity } from '../domain/severity.js';
import { toInstant } from '../domain/time.js';
import type { Reply } from '../messages/model.js';
import { type OverdueFollowUp, statsMessage } from '../messages/report.js';
import type { FourKeys } from '../reports/four-keys.js';
import { buildMttxReport, type MttxReport } from '../reports/mttx.js';
import type { Actor, Deps } from './context.js';
import { fourKeysReport } from './four-keys.js';

export interface StatsRequest {
  window: number;
  service?: string;
  severity?: Severity;
  /** Leave out incidents recorded after the fact (`--live-only`). */
  liveOnly?: boolean;
}

/** Whose view a report takes: a person's (private incidents only if they take part), or everything. */
export interface Scope {
  viewer: UserId;
  includePrivate?: boolean;
}

/** The MTTx report for incidents declared in the window, as the scope may see them. */
export async function mttxReport(deps: Deps, request: StatsRequest, scope: Scope): Promise<MttxReport> {
  return (await mttxReportWithRows(deps, request, scope)).report;
}

/** The report and the rows it was built from, for views that chart the same incidents over time. */
export async function mttxReportWithRows(
  deps: Deps,
  request: StatsRequest,
  scope: Scope,
): Promise<{ report: MttxReport; rows: ReportRow[] }> {
  const service = request.service ? requireService(deps.catalog, request.service).name : undefined;
  const now = deps.clock.now();
  const since = toInstant(new Date(now.getTime() - request.window));
  const filters = {
    ...(service ? { service } : {}),
    ...(request.severity ? { severity: request.severity } : {}),
  };
  const all = await deps.store.reportRows({ ...scope, declaredSince: since, ...filters });
  const rows = request.liveOnly ? all.filter((row) => !row.recorded) : all;
  const report = buildMttxReport(rows, {
    since,
    until: toInstant(now),
    windowMs: request.window,
    filters: { ...filters, ...(request.liveOnly ? { liveOnly: true } : {}) },
  });
  if (request.liveOnly) report.recordedLeftOut = all.length - rows.length;
  return { report, rows };
}

/** Follow-ups past their due date, across all incidents the viewer may see. */
export async function overdueFollowUps(
  deps: Deps,
  scope: Scope,
  today: string,
  service?: string,
): Promise<OverdueFollowUp[]> {
  const incidents = await deps.store.list({
    ...scope,
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

export interface StatsResult {
  report: MttxReport;
  /** DORA's four keys over the same window and service. */
  fourKeys: FourKeys;
  openIncidents: number;
  overdue: OverdueFollowUp[];
  today: string;
}

/** The report, plus what is open now and which follow-ups are overdue. */
export async function incidentStatsFor(
  deps: Deps,
  request: StatsRequest,
  scope: Scope,
): Promise<StatsResult> {
  const report = await mttxReport(deps, request, scope);
  const today = toInstant(deps.clock.now()).slice(0, 10);
  const { liveOnly: _liveOnly, ...filters } = report.filters;
  const open = await deps.store.list({
    ...scope,
    statuses: ACTIVE_STATUSES,
    ...filters,
    limit: 10_000,
  });
  const overdue = await overdueFollowUps(deps, scope, today, report.filters.service);
  const fourKeys = await fourKeysReport(
    deps,
    {
      window: request.window,
      ...(report.filters.service ? { service: report.filters.service } : {}),
      ...(request.liveOnly ? { liveOnly: true } : {}),
    },
    scope,
  );
  return { report, fourKeys, openIncidents: open.length, overdue, today };
}

export async function incidentStats(deps: Deps, request: StatsRequest, actor: Actor): Promise<Reply> {
  const result = await incidentStatsFor(deps, request, { viewer: actor.user });
  return { message: statsMessage(result.report, result) };
}
