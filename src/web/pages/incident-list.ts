import { durationsOf } from '../../domain/durations.js';
import type { Incident } from '../../domain/incident.js';
import { ACTIVE_STATUSES, isOpen, STATUSES, type Status } from '../../domain/lifecycle.js';
import type { IncidentQuery } from '../../domain/ports.js';
import { parseSeverity, SEVERITIES, type Severity } from '../../domain/severity.js';
import { toInstant } from '../../domain/time.js';
import { statusLabel } from '../../messages/labels.js';
import { namesOf, PageProblem, type Reader, type WebDeps } from '../context.js';
import { duration } from '../format.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { parseWindow, WINDOWS } from '../window.js';

export const PAGE_SIZE = 50;

export interface ListFilters {
  status?: Status | 'open';
  severity?: Severity;
  service?: string;
  window?: string;
  page: number;
}

/** The filters from the query string; a value that does not read is refused with what would. */
export function parseListFilters(query: URLSearchParams, deps: WebDeps): ListFilters {
  const filters: ListFilters = { page: 1 };
  const status = query.get('status')?.trim().toLowerCase();
  if (status) {
    if (status !== 'open' && !STATUSES.includes(status as Status))
      throw new PageProblem(400, `"${status}" is not a status.`, `Use one of: open, ${STATUSES.join(', ')}.`);
    filters.status = status as Status | 'open';
  }
  const severityText = query.get('severity')?.trim();
  if (severityText) {
    const severity = parseSeverity(severityText);
    if (!severity)
      throw new PageProblem(
        400,
        `"${severityText}" is not a severity.`,
        `Use one of: ${SEVERITIES.join(', ')}.`,
      );
    filters.severity = severity;
  }
  const serviceText = query.get('service')?.trim();
  if (serviceText) {
    const service = deps.catalog.find(serviceText);
    if (!service) {
      const known = deps.catalog.services().map((candidate) => candidate.name);
      throw new PageProblem(
        400,
        `There is no service "${serviceText}".`,
        `Known services: ${known.join(', ') || 'none'}.`,
      );
    }
    filters.service = service.name;
  }
  const window = parseWindow(query);
  if (window) filters.window = window;
  const pageText = query.get('page')?.trim();
  if (pageText) {
    if (!/^\d{1,6}$/.test(pageText) || Number(pageText) < 1)
      throw new PageProblem(400, `"${pageText}" is not a page number.`, 'Pages are numbered from 1.');
    filters.page = Number(pageText);
  }
  return filters;
}

/**
 * One page of incidents: open ones first, then the rest, newest first within each. Asks the store
 * for one more than a page, so it knows whether there is a next page without counting everything.
 */
export async function findIncidents(
  deps: WebDeps,
  reader: Reader,
  filters: ListFilters,
): Promise<{ incidents: Incident[]; more: boolean }> {
  const base: IncidentQuery = {
    viewer: reader.viewer,
    ...(filters.severity ? { severity: filters.severity } : {}),
    ...(filters.service ? { service: filters.service } : {}),
    ...(filters.window
      ? { declaredSince: toInstant(new Date(deps.clock.now().getTime() - WINDOWS[filters.window]!.ms)) }
      : {}),
  };
  const offset = (filters.page - 1) * PAGE_SIZE;
  const want = PAGE_SIZE + 1;
  if (filters.status) {
    const statuses = filters.status === 'open' ? ACTIVE_STATUSES : [filters.status];
    const found = await deps.store.list({ ...base, statuses, limit: want, offset });
    return { incidents: found.slice(0, PAGE_SIZE), more: found.length > PAGE_SIZE };
  }
  const open = await deps.store.list({ ...base, statuses: ACTIVE_STATUSES, limit: offset + want });
  if (open.length >= offset + want) return { incidents: open.slice(offset, offset + PAGE_SIZE), more: true };
  // Every open incident is known now: the rest of the page comes from the closed ones.
  const shownOpen = open.slice(offset);
  const rest = await deps.store.list({
    ...base,
    statuses: ['resolved', 'closed'],
    limit: want - shownOpen.length,
    offset: Math.max(0, offset - open.length),
  });
  const incidents = [...shownOpen, ...rest];
  return { incidents: incidents.slice(0, PAGE_SIZE), more: incidents.length > PAGE_SIZE };
}

function link(filters: ListFilters, page: number): string {
  const query = new URLSearchParams();
  if (filters.status) query.set('status', filters.status);
  if (filters.severity) query.set('severity', filters.severity);
  if (filters.service) query.set('service', filters.service);
  if (filters.window) query.set('window', filters.window);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/?${text}` : '/';
}

function select(name: string, label: string, current: string | undefined, options: Array<[string, string]>) {
  return html`<label>${label}<select name="${name}">${options.map(
    ([value, text]) =>
      html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${text}</option>`,
  )}</select></label>`;
}

export async function incidentListPage(
  deps: WebDeps,
  reader: Reader,
  filters: ListFilters,
  frame: { signOut?: boolean },
): Promise<string> {
  const { incidents, more } = await findIncidents(deps, reader, filters);
  const names = await namesOf(
    deps,
    incidents.flatMap((incident) => (incident.roles.commander ? [incident.roles.commander] : [])),
  );
  const form = html`<form class="filters" method="get" action="/" role="search" aria-label="Filter incidents">
${select('status', 'Status', filters.status, [['', 'Any'], ['open', 'Open'], ...STATUSES.map((status): [string, string] => [status, statusLabel(status)])])}
${select('severity', 'Severity', filters.severity, [['', 'Any'], ...SEVERITIES.map((severity): [string, string] => [severity, severity])])}
${select('service', 'Service', filters.service, [['', 'Any'], ...deps.catalog.services().map((service): [string, string] => [service.name, service.name])])}
${select('window', 'Declared in', filters.window, [['', 'Any time'], ...Object.entries(WINDOWS).map(([value, { label }]): [string, string] => [value, label])])}
<button type="submit">Filter</button>
</form>`;
  const rows = incidents.map((incident) => {
    const commander = incident.roles.commander;
    return html`<tr${isOpen(incident.status) ? html` class="open"` : ''}>
<th scope="row"><a href="/incidents/${incident.id}">${incident.id}</a></th>
<td>${incident.title}</td>
<td class="sev sev-${incident.severity}">${incident.severity}</td>
<td>${statusLabel(incident.status)}${incident.recordedAfterTheFact ? html` <span class="muted">(recorded after the fact)</span>` : ''}</td>
<td>${commander ? names[commander] : '—'}</td>
<td>${incident.service ?? '—'}</td>
<td>${duration(durationsOf(incident.milestones).ttr)}</td>
</tr>`;
  });
  const table =
    incidents.length === 0
      ? html`<p class="empty">No incidents match these filters.</p>`
      : html`<div class="scroll"><table>
<caption class="muted">Open incidents first, then the rest; newest first. Page ${filters.page}.</caption>
<thead><tr><th scope="col">Id</th><th scope="col">Title</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Commander</th><th scope="col">Service</th><th scope="col">Time to resolve</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
  const pager = html`<nav class="pages" aria-label="Pages">${
    filters.page > 1 ? html`<a rel="prev" href="${link(filters, filters.page - 1)}">← Newer</a>` : ''
  }${more ? html`<a rel="next" href="${link(filters, filters.page + 1)}">Older →</a>` : ''}</nav>`;
  return page({
    title: 'Incidents',
    section: 'incidents',
    reader: reader.name,
    ...frame,
    body: html`<h1>Incidents</h1>
${form}
${table}
${pager}`,
  });
}
