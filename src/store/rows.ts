import { FirewatchError } from '../domain/errors.js';
import type { EventBody, TimelineEvent } from '../domain/events.js';
import type { Incident, IncidentId } from '../domain/incident.js';
import type { SeenMarker } from '../domain/ports.js';
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
