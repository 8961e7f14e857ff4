import { DURATION_LABEL } from '../../domain/durations.js';
import type { ReportRow } from '../../domain/ports.js';
import { millis } from '../../domain/time.js';
import type { GroupStats, MttxReport } from '../../reports/mttx.js';
import type { Summary } from '../../reports/percentile.js';
import { type WeekStats, weeklyMttx } from '../../reports/weekly.js';
import { mttxReportWithRows } from '../../usecases/incident-stats.js';
import { lineChart } from '../charts.js';
import type { Reader, WebDeps } from '../context.js';
import { duration, minutes } from '../format.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { WINDOWS, windowForm } from '../window.js';

export const REPORT_KINDS = ['tta', 'ttm', 'ttr'] as const;

export function weekLabel(week: number): string {
  return new Date(week).toISOString().slice(0, 10);
}

/** The report over a window, and the same incidents week by week; as the reader may see them. */
export async function reportData(
  deps: WebDeps,
  reader: Reader,
  window: string,
  liveOnly = false,
): Promise<{ report: MttxReport; rows: ReportRow[]; weeks: WeekStats[] }> {
  const { report, rows } = await mttxReportWithRows(
    deps,
    { window: WINDOWS[window]!.ms, ...(liveOnly ? { liveOnly } : {}) },
    { viewer: reader.viewer },
  );
  return { report, rows, weeks: weeklyMttx(rows, millis(report.since), millis(report.until)) };
}

function figure(summary: Summary) {
  return html`<td>${duration(summary.median)}</td><td>${duration(summary.p90)}</td><td>${summary.n}</td>`;
}

function groupTable(caption: string, key: string, groups: readonly GroupStats[]) {
  if (groups.length === 0) return html`<p class="muted">No incidents in this window.</p>`;
  return html`<div class="scroll"><table>
<caption class="muted">${caption}</caption>
<thead><tr><th scope="col" rowspan="2">${key}</th><th scope="col" rowspan="2">Incidents</th>${REPORT_KINDS.map(
    (kind) => html`<th scope="colgroup" colspan="3">${DURATION_LABEL[kind]}</th>`,
  )}</tr>
<tr>${REPORT_KINDS.map(() => html`<th scope="col">median</th><th scope="col">p90</th><th scope="col">n</th>`)}</tr></thead>
<tbody>${groups.map(
    (group) =>
      html`<tr><th scope="row">${group.key}</th><td>${group.incidents}</td>${REPORT_KINDS.map((kind) => figure(group.durations[kind]))}</tr>`,
  )}</tbody></table></div>`;
}

/** Incidents recorded after the fact count unless left out; say which, with the link to the other view. */
function recordedNote(report: MttxReport, window: string, liveOnly: boolean) {
  if (liveOnly)
    return html`<p class="note">Live incidents only: ${report.recordedLeftOut ?? 0} recorded after the fact ${report.recordedLeftOut === 1 ? 'is' : 'are'} left out. <a href="/reports?window=${window}">Count them too</a>.</p>`;
  if (report.recordedAfterTheFact === 0) return '';
  return html`<p class="note">${report.recordedAfterTheFact} of these ${report.recordedAfterTheFact === 1 ? 'was' : 'were'} recorded after the fact (<code>/incident record</code> or an import). <a href="/reports?window=${window}&amp;live=only">Leave them out</a>.</p>`;
}

export async function reportsPage(
  deps: WebDeps,
  reader: Reader,
  window: string,
  frame: { signOut?: boolean },
  liveOnly = false,
): Promise<string> {
  const { report, weeks } = await reportData(deps, reader, window, liveOnly);
  const labels = weeks.map((week) => weekLabel(week.week));
  const x = weeks.map((week) => week.week / 1000);
  const charts = REPORT_KINDS.map((kind) =>
    lineChart({
      id: `mttx-${kind}`,
      title: `${DURATION_LABEL[kind]} by week (${kind.toUpperCase()})`,
      unit: 'min',
      x,
      labels,
      series: [
        { label: 'median', values: weeks.map((week) => minutes(week.durations[kind].median)) },
        { label: 'p90', values: weeks.map((week) => minutes(week.durations[kind].p90)) },
      ],
      extra: [{ label: 'n', values: weeks.map((week) => week.durations[kind].n) }],
    }),
  );
  const overall = html`<div class="scroll"><table>
<thead><tr><th scope="col">Duration</th><th scope="col">median</th><th scope="col">p90</th><th scope="col">n</th></tr></thead>
<tbody>${REPORT_KINDS.map(
    (kind) => html`<tr><th scope="row">${DURATION_LABEL[kind]}</th>${figure(report.durations[kind])}</tr>`,
  )}</tbody></table></div>`;
  return page({
    title: 'Reports',
    section: 'reports',
    charts: true,
    reader: reader.name,
    ...frame,
    body: html`<h1>Reports</h1>
${windowForm('/reports', window)}
<p>${report.incidents} incidents declared ${WINDOWS[window]!.label.toLowerCase()}: ${report.resolved} resolved, ${report.stillOpen} still open. Medians and p90, with n, the number of incidents behind each figure.</p>
${recordedNote(report, window, liveOnly)}
${report.smallSample ? html`<p class="note">${report.smallSample}</p>` : ''}
${overall}
<h2>By week</h2>
${charts}
<h2>By severity</h2>
${groupTable('Per severity', 'Severity', report.bySeverity)}
<h2>By service</h2>
${groupTable('Per service', 'Service', report.byService)}`,
  });
}
