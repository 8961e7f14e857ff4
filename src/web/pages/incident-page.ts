import { DURATION_KINDS, DURATION_LABEL, incidentDurations } from '../../domain/durations.js';
import { byTime, type TimelineEvent } from '../../domain/events.js';
import { canSee, type Incident, type UnknownMilestone, type UserId } from '../../domain/incident.js';
import { MILESTONE_LABEL, MILESTONES_IN_ORDER } from '../../domain/milestones.js';
import { readRefs } from '../../domain/refs.js';
import { ROLE_TITLE, ROLES } from '../../domain/roles.js';
import { formatMinutes, formatShare } from '../../messages/error-budget.js';
import { statusLabel } from '../../messages/labels.js';
import { capitalize, describeEvent } from '../../messages/timeline.js';
import { type DashboardSources, namesOf, PageProblem, type Reader, type WebDeps } from '../context.js';
import { duration, when } from '../format.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import { markdownToHtml } from '../markdown.js';
import { peopleIn, richToHtml, safeUrl } from '../rich.js';

/**
 * An incident the reader may see, or 404: a private incident is, for anyone but its participants,
 * an incident that does not exist (the same rule as `list` and `stats`: `canSee`).
 */
export async function visibleIncident(deps: WebDeps, reader: Reader, id: string): Promise<Incident> {
  const stored = await deps.store.load(id);
  if (!stored || !canSee(stored.incident, reader.viewer))
    throw new PageProblem(404, `There is no incident ${id}.`, 'The list of incidents is at /.');
  return stored.incident;
}

/** Who held each role, and from when: the role changes and hand-offs on the timeline, in order. */
function roleHistory(timeline: readonly TimelineEvent[]) {
  return timeline.flatMap((event) => {
    if (event.kind === 'role_assigned') return [{ role: event.role, user: event.user, at: event.at }];
    if (event.kind === 'handed_off') return [{ role: 'commander' as const, user: event.to, at: event.at }];
    return [];
  });
}

export async function incidentPage(
  deps: WebDeps,
  sources: DashboardSources,
  reader: Reader,
  id: string,
  frame: { signOut?: boolean },
): Promise<string> {
  const incident = await visibleIncident(deps, reader, id);
  const [events, refs, draft, deployment, budget] = await Promise.all([
    deps.store.timeline(incident.id),
    deps.store.refs(incident.id).then(readRefs),
    sources.draft?.(incident),
    sources.deployment?.(incident),
    sources.budgetSpent?.(incident),
  ]);
  const timeline = [...events].sort(byTime);
  const lines = timeline.map((event) => describeEvent(event));
  const history = roleHistory(timeline);
  const people: UserId[] = [
    incident.declaredBy,
    ...Object.values(incident.roles),
    ...history.map((entry) => entry.user),
    ...incident.actions.flatMap((action) => (action.owner ? [action.owner] : [])),
    ...timeline.map((event) => event.actor),
    ...lines.flatMap(peopleIn),
  ];
  const names = await namesOf(deps, people);
  const zone = reader.zone;
  const name = (user: UserId | undefined) => (user ? (names[user] ?? `@${user}`) : '—');
  const durations = incidentDurations(incident);
  const channelUrl = refs.channel ? deps.settings.channelUrl?.(refs.channel) : undefined;
  const channel = refs.channel
    ? channelUrl && safeUrl(channelUrl)
      ? html`<a href="${channelUrl}">#${refs.channelName ?? refs.channel}</a>`
      : html`#${refs.channelName ?? refs.channel}`
    : '—';

  const card = html`<dl class="card">
<dt>Severity</dt><dd class="sev sev-${incident.severity}">${incident.severity}</dd>
<dt>Status</dt><dd>${statusLabel(incident.status)} since ${when(incident.statusSince, zone)}</dd>
<dt>Service</dt><dd>${incident.service ?? '—'}</dd>
<dt>Declared by</dt><dd>${name(incident.declaredBy)}</dd>
<dt>Visibility</dt><dd>${incident.private ? 'Private: only its participants see it' : 'Public'}</dd>
<dt>Slack channel</dt><dd>${channel}</dd>
${incident.description ? html`<dt>Description</dt><dd>${incident.description}</dd>` : ''}
${incident.summary ? html`<dt>Summary</dt><dd>${incident.summary}</dd>` : ''}
${incident.lastUpdate ? html`<dt>Last update</dt><dd>${incident.lastUpdate.text} <span class="muted">(${name(incident.lastUpdate.by)}, ${when(incident.lastUpdate.at, zone)})</span></dd>` : ''}
</dl>`;

  const roles = html`<div class="scroll"><table>
<thead><tr><th scope="col">Role</th><th scope="col">Now</th><th scope="col">Held by, from</th></tr></thead>
<tbody>${ROLES.map((role) => {
    const held = history.filter((entry) => entry.role === role);
    return html`<tr><th scope="row">${ROLE_TITLE[role]}</th><td>${name(incident.roles[role])}</td><td>${
      held.length === 0
        ? '—'
        : held.map((entry, i) => html`${i > 0 ? ', ' : ''}${name(entry.user)} (${when(entry.at, zone)})`)
    }</td></tr>`;
  })}</tbody></table></div>`;

  const milestones = html`<div class="scroll"><table>
<thead><tr><th scope="col">Milestone</th><th scope="col">When</th></tr></thead>
<tbody>${MILESTONES_IN_ORDER.map(
    (milestone) =>
      html`<tr><th scope="row">${capitalize(MILESTONE_LABEL[milestone])}</th><td>${(incident.unknownMilestones ?? []).includes(milestone as UnknownMilestone) ? 'not recorded' : when(incident.milestones[milestone], zone)}</td></tr>`,
  )}</tbody></table></div>
<div class="scroll"><table>
<thead><tr><th scope="col">Duration</th><th scope="col">Length</th></tr></thead>
<tbody>${DURATION_KINDS.map(
    (kind) =>
      html`<tr><th scope="row">${DURATION_LABEL[kind]} (${kind.toUpperCase()})</th><td>${duration(durations[kind])}</td></tr>`,
  )}</tbody></table></div>`;

  const timelineHtml = html`<ol class="timeline">${timeline.map(
    (event, i) =>
      html`<li id="event-${event.seq}">${when(event.at, zone)}${richToHtml(lines[i]!, names, zone)}</li>`,
  )}</ol>`;

  const followUps =
    incident.actions.length === 0
      ? html`<p class="muted">No follow-ups yet.</p>`
      : html`<div class="scroll"><table>
<thead><tr><th scope="col">Id</th><th scope="col">Follow-up</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">State</th></tr></thead>
<tbody>${incident.actions.map(
          (action) =>
            html`<tr><th scope="row">${action.id}</th><td>${action.text}</td><td>${name(action.owner)}</td><td>${action.due ?? '—'}</td><td>${action.status === 'done' ? 'Done' : 'Open'}</td></tr>`,
        )}</tbody></table></div>`;

  const deploymentHtml: Html = deployment
    ? deployment.url && safeUrl(deployment.url)
      ? html`<p><a href="${deployment.url}">${deployment.label}</a></p>`
      : html`<p>${deployment.label}</p>`
    : html`<p class="muted">No deployment is linked to this incident.</p>`;
  const budgetHtml: Html =
    budget && budget.length > 0
      ? html`<ul>${budget.map((spent) =>
          spent.known
            ? html`<li>${spent.slo}: ${formatMinutes(spent.minutes)}, ${formatShare(spent.share)} of the window's budget</li>`
            : html`<li>${spent.slo}: impact not recorded — up to ${formatMinutes(spent.minutes)}, ${formatShare(spent.share)} of the window's budget, if all traffic was affected</li>`,
        )}</ul>`
      : html`<p class="muted">${incident.service ? `${incident.service} has no SLO: declare one in its runbook's front matter to see what incidents cost it.` : 'This incident names no service, so no SLO applies.'}</p>`;
  const draftHtml: Html = draft
    ? html`<div class="draft">${markdownToHtml(draft)}</div>`
    : html`<p class="muted">No postmortem draft has been written yet (Firewatch writes one on resolve).</p>`;

  return page({
    title: `${incident.id} ${incident.title}`,
    section: 'incidents',
    reader: reader.name,
    ...frame,
    body: html`<p><a href="/">← All incidents</a></p>
<h1>${incident.id}: ${incident.title}</h1>
<p class="muted">Times are in ${zone}.</p>
${incident.recordedAfterTheFact ? html`<p class="note">Recorded after the fact: nobody ran this incident in Firewatch; its milestones were entered afterwards.</p>` : ''}
${card}
<h2>Roles</h2>
${roles}
<h2>Milestones and durations</h2>
${milestones}
<h2>Timeline</h2>
${timelineHtml}
<h2>Follow-ups</h2>
${followUps}
<h2>Deployment</h2>
${deploymentHtml}
<h2>Error budget</h2>
${budgetHtml}
<h2>Postmortem draft</h2>
${draftHtml}`,
  });
}
