import {
  type Change,
  type Deployment,
  type DeploymentSource,
  type DeploymentStatus,
  deploymentId,
  type NewDeployment,
  parseDeploymentId,
} from '../domain/deployments.js';
import { FirewatchError } from '../domain/errors.js';
import type { EventBody, TimelineEvent } from '../domain/events.js';
import type { Incident, IncidentId, UnknownMilestone } from '../domain/incident.js';
import type { ReportRow, SeenMarker } from '../domain/ports.js';
import { IMPORTED_INCIDENT_MARKER } from '../domain/recorded.js';
import { nextReminderAt } from '../domain/reminders.js';
import { type Instant, millis } from '../domain/time.js';

/** What both SQL stores share: the incident's columns, the event rows, and the errors they raise. */

export function ms(instant: Instant | undefined): number | null {
  return instant === undefined ? null : millis(instant);
}

export function iso(epoch: number): Instant {
  return new Date(epoch).toISOString();
}

export function conflict(id: IncidentId): FirewatchError {
  return new FirewatchError(
    'CONFLICT',
    `${id} changed while your command was being handled.`,
    'Look at the channel for what changed, then try again if it is still needed.',
  );
}

export function duplicate(marker: SeenMarker): FirewatchError {
  return new FirewatchError(
    'DUPLICATE',
    `That was handled already (${marker.source} ${marker.key}).`,
    'Nothing to do: look at the incident channel for what the first one did.',
  );
}

/** Seen delivery ids older than this are forgotten: Slack and PagerDuty stop retrying long before. */
export const SEEN_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * Markers kept for good: an imported incident's external id must keep a re-import from adding it
 * again however much later it runs.
 */
export const KEPT_SEEN_SOURCE = IMPORTED_INCIDENT_MARKER;

/** `unknown_milestones`: the stand-in milestones of an incident recorded after the fact, as bits. */
const UNKNOWN_BIT: Record<UnknownMilestone, number> = { detectedAt: 1, declaredAt: 2 };

function unknownMask(incident: Incident): number {
  return (incident.unknownMilestones ?? []).reduce((mask, name) => mask | UNKNOWN_BIT[name], 0);
}

/** A report row's detection and declaration as the reports read them, from the stored bits. */
export function knownMilestones(
  detectedAt: number,
  mask: number,
): Pick<ReportRow, 'detectedAt' | 'declarationKnown'> {
  return {
    detectedAt: mask & UNKNOWN_BIT.detectedAt ? null : detectedAt,
    declarationKnown: (mask & UNKNOWN_BIT.declaredAt) === 0,
  };
}

/** The incident's queryable columns beside its JSON projection. */
export function incidentRow(incident: Incident, version: number) {
  const m = incident.milestones;
  return {
    id: incident.id,
    number: incident.number,
    version,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    service: incident.service ?? null,
    private: incident.private,
    impactStartedAt: ms(m.impactStartedAt),
    detectedAt: ms(m.detectedAt),
    declaredAt: ms(m.declaredAt),
    acknowledgedAt: ms(m.acknowledgedAt),
    mitigatedAt: ms(m.mitigatedAt),
    resolvedAt: ms(m.resolvedAt),
    closedAt: ms(m.closedAt),
    nextReminderAt: ms(nextReminderAt(incident.reminders)),
    openActions: incident.actions.filter((action) => action.status === 'open').length,
    causedBy: incident.cause?.deploymentId ?? null,
    recorded: incident.recordedAfterTheFact === true,
    unknownMilestones: unknownMask(incident),
    data: JSON.stringify(incident),
  };
}

export interface EventRow {
  incident_id: string;
  seq: number;
  kind: string;
  actor: string;
  at: string;
  recorded_at: string;
  body: string;
}

/** A stored event row back into the timeline event it was. */
export function toEvent(row: EventRow): TimelineEvent {
  const body = JSON.parse(row.body) as Omit<EventBody, 'kind'>;
  return {
    ...body,
    kind: row.kind,
    seq: row.seq,
    at: row.at,
    recordedAt: row.recorded_at,
    actor: row.actor,
  } as TimelineEvent;
}

/** A deployment row (either store) back into the deployment it was. */
export interface DeploymentRow {
  id: number;
  key: string;
  service: string;
  mapped: number | boolean;
  repository: string | null;
  environment: string;
  sha: string;
  status: string;
  finished_at: number;
  started_at: number | null;
  creator: string | null;
  source: string;
  changes: string | null;
  recorded_at: number;
}

export function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: deploymentId(row.id),
    key: row.key,
    service: row.service,
    mapped: Boolean(row.mapped),
    ...(row.repository !== null ? { repository: row.repository } : {}),
    environment: row.environment,
    sha: row.sha,
    status: row.status as DeploymentStatus,
    finishedAt: iso(row.finished_at),
    ...(row.started_at !== null ? { startedAt: iso(row.started_at) } : {}),
    ...(row.creator !== null ? { creator: row.creator } : {}),
    source: row.source as DeploymentSource,
    ...(row.changes !== null ? { changes: JSON.parse(row.changes) as Change[] } : {}),
    recordedAt: iso(row.recorded_at),
  };
}

/** The deployment's columns, in the order both stores insert them. */
export function deploymentValues(deployment: NewDeployment, recordedAt: Instant): unknown[] {
  return [
    deployment.key,
    deployment.service,
    deployment.mapped,
    deployment.repository ?? null,
    deployment.environment,
    deployment.sha,
    deployment.status,
    millis(deployment.finishedAt),
    ms(deployment.startedAt),
    deployment.creator ?? null,
    deployment.source,
    deployment.changes ? JSON.stringify(deployment.changes) : null,
    millis(recordedAt),
  ];
}

export const DEPLOYMENT_COLUMNS =
  'key, service, mapped, repository, environment, sha, status, finished_at, started_at, creator, source, changes, recorded_at';

/** One `?` a column (SQLite's placeholders). */
export const DEPLOYMENT_PLACEHOLDERS = DEPLOYMENT_COLUMNS.split(',')
  .map(() => '?')
  .join(', ');

/** A `ref` of a deployment query: a `D-<n>` id, or a sha (prefix) of at least 4 hex digits. */
export function deploymentRef(ref: string): { id: number } | { sha: string } | undefined {
  const id = parseDeploymentId(ref);
  if (id !== undefined) return { id };
  return /^[0-9a-f]{4,64}$/i.test(ref) ? { sha: ref.toLowerCase() } : undefined;
}

/** A row key as its column: `impactStartedAt` → `impact_started_at`. */
export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
