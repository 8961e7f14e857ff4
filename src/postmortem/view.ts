import { DateTime } from 'luxon';
import { isPerson } from '../domain/actors.js';
import { DURATION_KINDS, DURATION_LABEL, incidentDurations } from '../domain/durations.js';
import { byTime, type TimelineEvent } from '../domain/events.js';
import { isOpen } from '../domain/lifecycle.js';
import { MILESTONE_LABEL, MILESTONES_IN_ORDER } from '../domain/milestones.js';
import { ROLE_TITLE, ROLES } from '../domain/roles.js';
import { between, formatDuration, type Instant, MINUTE, millis } from '../domain/time.js';
import type { DocumentInput } from '../effects/ports.js';
import { describeObjective, formatMinutes, formatShare, policyAsks } from '../messages/error-budget.js';
import { describeEvent } from '../messages/timeline.js';
import { incidentBudget, needsP0FollowUp } from '../reports/error-budget.js';
import { cell, inSection, richToMarkdown } from './markdown.js';
import { checkWording } from './wording.js';

export function utcTime(instant: Instant): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).toFormat('yyyy-LL-dd HH:mm');
}

export function zonedTime(instant: Instant, zone: string): string {
  const time = DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone);
  return (time.isValid ? time : DateTime.fromISO(instant, { zone: 'utc' })).toFormat('yyyy-LL-dd HH:mm');
}

function stamp(instant: Instant, zone: string) {
  return { utc: utcTime(instant), local: zonedTime(instant, zone) };
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'utc', 'GMT', 'Etc/GMT']);

/** `2026-11-26 14:54 UTC (15:54 Europe/Paris)`, or just the UTC part when the zone is UTC. */
function both(instant: Instant, zone: string): string {
  if (UTC_ZONES.has(zone)) return `${utcTime(instant)} UTC`;
  return `${utcTime(instant)} UTC (${zonedTime(instant, zone)} ${zone})`;
}

function eventLine(event: TimelineEvent, input: DocumentInput): string {
  return cell(
    richToMarkdown(describeEvent(event), {
      people: input.people,
      date: (instant) => `${utcTime(instant)} UTC`,
    }),
  );
}

/** A person's display name, as the documents print it: in table cells too, so escaped as one. */
function name(input: DocumentInput, user: string | undefined): string {
  return user ? cell(input.people[user] ?? user) : 'nobody';
}

/** The "Error budget" section: what the incident cost each SLO of its service, and what the policy asks. */
function errorBudgetView(input: DocumentInput) {
  const budget = input.errorBudget;
  if (!budget) return null;
  const lines = incidentBudget(input.incident, budget.slos, budget.incidents, input.now, budget.policy);
  const asks = policyAsks(lines, budget.policy);
  return {
    required: needsP0FollowUp(lines)
      ? `${lines
          .filter((line) => line.needsP0)
          .map(
            (line) =>
              `${line.slo} lost ${line.spend.known ? formatShare(line.spend.spentShare) : ''} of its budget`,
          )
          .join(
            ' and ',
          )} (more than ${formatShare(budget.policy.incidentShare)}): ${budget.policy.incidentWords}.`
      : null,
    lines: lines.map((line) => ({
      slo: line.slo,
      objective: describeObjective(line.target, line.windowDays),
      budget: formatMinutes(line.budgetMinutes),
      spent: line.spend.known ? formatMinutes(line.spend.spentMinutes) : 'not recorded',
      share: line.spend.known
        ? formatShare(line.spend.spentShare)
        : `up to ${formatShare(line.spend.upToShare)} if all traffic was affected`,
      left: formatMinutes(Math.max(0, line.leftMinutes)),
    })),
    asks: [
      ...asks,
      ...(lines.some((line) => !line.spend.known)
        ? ['_Record the share of traffic affected with `/incident impact PERCENT` to know what was spent._']
        : []),
    ],
  };
}

/**
 * The "Trigger and lead-up" section when the incident is linked to the deployment that caused it:
 * the deployment, the changes it shipped and their authors' handles. Blameless: it is the change
 * that is described, and its authors are named so that the review can ask them what they knew.
 */
function triggerView(input: DocumentInput) {
  const { incident, timeline, zone } = input;
  const cause = incident.cause;
  if (!cause) return null;
  const deployment = input.cause;
  const linked = [...timeline].reverse().find((event) => event.kind === 'cause_linked');
  const impact = incident.milestones.impactStartedAt;
  const lead = between(cause.finishedAt, impact);
  return {
    id: cause.deploymentId,
    service: cause.service,
    sha: cause.sha.slice(0, 12),
    environment: deployment?.environment ?? 'production',
    finished: both(cause.finishedAt, zone),
    creator: deployment?.creator ? `@${cell(deployment.creator)}` : null,
    relation:
      lead >= 0
        ? `${formatDuration(lead)} before impact began`
        : `${formatDuration(-lead)} after impact began`,
    linkedBy: linked ? name(input, linked.actor) : null,
    note: cause.note ? cell(cause.note) : null,
    changes: (deployment?.changes ?? []).map((change) => ({
      sha: change.sha.slice(0, 12),
      committed: `${utcTime(change.committedAt)} UTC`,
      author: change.author ? `@${cell(change.author)}` : 'unknown',
    })),
  };
}

/** How an incident recorded after the fact came to be in Firewatch, for the draft's header. */
function recordedView(input: DocumentInput) {
  const { incident, timeline } = input;
  if (!incident.recordedAfterTheFact) return null;
  const declared = timeline.find((event) => event.kind === 'declared');
  const via = declared?.kind === 'declared' ? declared.recorded?.via : undefined;
  return {
    how: via === 'import' ? 'imported' : 'recorded',
    by: declared && isPerson(declared.actor) ? name(input, declared.actor) : null,
    at: declared ? `${utcTime(declared.recordedAt)} UTC` : null,
    externalId: incident.externalId ? cell(incident.externalId) : null,
  };
}

/** Everything the postmortem template shows, computed from the incident and its timeline. */
export function postmortemView(input: DocumentInput) {
  const { incident, timeline, zone } = input;
  const m = incident.milestones;
  const durations = incidentDurations(incident);
  const unknown = new Set<string>(incident.unknownMilestones ?? []);
  const events = [...timeline].sort(byTime);

  const rolesHeld = new Map<string, Set<string>>();
  const hold = (user: string | undefined, role: string) => {
    if (!user || !isPerson(user)) return;
    const roles = rolesHeld.get(user) ?? new Set<string>();
    roles.add(role);
    rolesHeld.set(user, roles);
  };
  hold(incident.declaredBy, ROLE_TITLE.commander);
  for (const event of events) {
    if (event.kind === 'role_assigned') hold(event.user, ROLE_TITLE[event.role]);
    if (event.kind === 'handed_off') hold(event.to, ROLE_TITLE.commander);
  }
  for (const role of ROLES) hold(incident.roles[role], ROLE_TITLE[role]);
  const responders = incident.participants.filter(isPerson).map((user) => ({
    name: name(input, user),
    roles: [...(rolesHeld.get(user) ?? new Set(['Responder']))].join(', '),
  }));

  const handoffs = events
    .filter((event): event is Extract<TimelineEvent, { kind: 'handed_off' }> => event.kind === 'handed_off')
    .map((event) => ({
      ...stamp(event.at, zone),
      from: name(input, event.from),
      to: name(input, event.to),
      notes: event.notes ? cell(event.notes) : null,
    }));

  const label = (event: TimelineEvent) => `${utcTime(event.at)} UTC, ${name(input, event.actor)}`;
  const severityChanges = events
    .filter(
      (event): event is Extract<TimelineEvent, { kind: 'severity_changed' }> =>
        event.kind === 'severity_changed',
    )
    .map(
      (event) =>
        `${event.from} → ${event.to} at ${utcTime(event.at)} UTC${event.reason ? ` (${cell(event.reason)})` : ''}`,
    );

  const paged = events.find((event) => event.kind === 'paged');
  const pagerdutyUrl = incident.page?.pagerdutyUrl ?? null;
  const links = [
    input.channelName
      ? {
          label: 'Incident channel',
          text: input.channelUrl ? `[#${input.channelName}](${input.channelUrl})` : `#${input.channelName}`,
        }
      : null,
    incident.service
      ? {
          label: 'Runbook',
          text: input.runbookUrl
            ? `[${incident.service}](${input.runbookUrl})`
            : `runbooks/${incident.service}.md`,
        }
      : null,
    pagerdutyUrl
      ? {
          label: 'PagerDuty incident',
          text: `[${incident.page?.pagerdutyIncidentId ?? 'incident'}](${pagerdutyUrl})`,
        }
      : null,
  ].filter((link): link is { label: string; text: string } => link !== null);

  return {
    id: incident.id,
    title: cell(incident.title),
    severity: incident.severity,
    currentStatus: incident.status,
    date: utcTime(m.declaredAt).slice(0, 10),
    generatedAt: `${utcTime(input.now)} UTC`,
    authors: responders.map((responder) => responder.name).join(', ') || name(input, incident.declaredBy),
    commander: name(input, incident.roles.commander),
    service: incident.service ?? null,
    description: incident.description ?? null,
    summary: incident.summary ? inSection(incident.summary) : null,
    zone,
    zoneLabel: UTC_ZONES.has(zone) ? 'Commander (UTC)' : `Commander (${zone})`,
    overview: `${incident.severity} incident${incident.service ? ` on ${incident.service}` : ''}: ${cell(incident.title)}.${durations.ttr !== undefined ? ` Impact lasted ${formatDuration(durations.ttr)}` : ' Impact is ongoing'}${durations.ttm !== undefined ? `; mitigated after ${formatDuration(durations.ttm)}` : ''}.`,
    impact: {
      started: both(m.impactStartedAt, zone),
      ended: m.resolvedAt ? both(m.resolvedAt, zone) : null,
      duration: durations.ttr !== undefined ? formatDuration(durations.ttr) : null,
      ongoing: isOpen(incident.status),
      severityChanges,
    },
    // A stand-in time (of an incident recorded after the fact) is not shown as if it were known.
    timestamps: MILESTONES_IN_ORDER.filter((milestone) => m[milestone] && !unknown.has(milestone)).map(
      (milestone) => ({
        label: MILESTONE_LABEL[milestone].charAt(0).toUpperCase() + MILESTONE_LABEL[milestone].slice(1),
        ...stamp(m[milestone]!, zone),
      }),
    ),
    durations: DURATION_KINDS.map((kind) => ({
      code: kind.toUpperCase(),
      label: DURATION_LABEL[kind],
      value:
        durations[kind] !== undefined
          ? formatDuration(durations[kind]!)
          : isOpen(incident.status)
            ? 'not yet known'
            : 'not recorded',
    })),
    responders,
    handoffs,
    detection: {
      detected: unknown.has('detectedAt') ? null : both(m.detectedAt, zone),
      declared: unknown.has('declaredAt') ? null : both(m.declaredAt, zone),
      declaredBy: name(input, incident.declaredBy),
      ttd: durations.ttd !== undefined ? formatDuration(durations.ttd) : 'not known',
      declaredAfter: unknown.has('detectedAt')
        ? 'an unknown time'
        : formatDuration(between(m.detectedAt, m.declaredAt)),
      paged: paged ? `${utcTime(paged.at)} UTC` : null,
    },
    timeline: events
      .filter((event) => event.kind !== 'postmortem_generated')
      .map((event) => ({ ...stamp(event.at, zone), text: eventLine(event, input) })),
    reopened: events
      .filter((event): event is Extract<TimelineEvent, { kind: 'reopened' }> => event.kind === 'reopened')
      .map((event) => ({ utc: utcTime(event.at), reason: cell(event.reason) })),
    resolution: incident.summary ? inSection(incident.summary) : null,
    actions: incident.actions.map((action) => ({
      id: action.id,
      text: cell(richToMarkdown([{ said: action.text }], { people: input.people, date: utcTime })),
      owner: action.owner ? name(input, action.owner) : '–',
      due: action.due ?? '–',
      priority: action.priority ? action.priority.toUpperCase() : '–',
      status: action.status === 'done' ? 'done' : 'open',
    })),
    errorBudget: errorBudgetView(input),
    trigger: triggerView(input),
    recorded: recordedView(input),
    links,
    wording: checkWording(incident, events, label).map((finding) => ({
      ...finding,
      excerpt: cell(finding.excerpt),
    })),
  };
}

/** What the next commander needs to take over, for the hand-off template. */
export function handoffView(
  input: DocumentInput & { handoff: Extract<TimelineEvent, { kind: 'handed_off' }> },
) {
  const { incident, timeline, now, handoff } = input;
  const m = incident.milestones;
  const updateDue = incident.reminders.updateDueAt;
  const recent = [...timeline]
    .sort(byTime)
    .filter((event) => !['reminder_sent', 'participant_added', 'participant_left'].includes(event.kind))
    .slice(-8)
    .map((event) => ({ utc: `${utcTime(event.at)} UTC`, text: eventLine(event, input) }));
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    statusFor: formatDuration(between(incident.statusSince, now)),
    sinceImpact: formatDuration(between(m.impactStartedAt, now)),
    service: incident.service ?? null,
    channel: input.channelName ?? null,
    from: name(input, handoff.from),
    to: name(input, handoff.to),
    notes: handoff.notes ?? null,
    lastUpdate: incident.lastUpdate
      ? {
          text: incident.lastUpdate.text,
          by: name(input, incident.lastUpdate.by),
          ago: formatDuration(between(incident.lastUpdate.at, now)),
          utc: `${utcTime(incident.lastUpdate.at)} UTC`,
        }
      : null,
    nextUpdate: updateDue
      ? millis(updateDue) <= millis(now)
        ? between(updateDue, now) < MINUTE
          ? 'due now'
          : `overdue by ${formatDuration(between(updateDue, now))}`
        : `due in ${formatDuration(between(now, updateDue))} (${utcTime(updateDue)} UTC)`
      : null,
    roles: ROLES.map((role) => ({
      role: ROLE_TITLE[role],
      holder: incident.roles[role] ? name(input, incident.roles[role]) : 'unassigned',
    })),
    openActions: incident.actions
      .filter((action) => action.status === 'open')
      .map((action) => ({
        id: action.id,
        text: action.text,
        owner: action.owner ? name(input, action.owner) : 'no owner',
        due: action.due ?? null,
      })),
    recent,
  };
}
