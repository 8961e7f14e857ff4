import { utc } from './decisions.js';
import { fail } from './errors.js';
import type { EventBody, RecordedIncident } from './events.js';
import type { Milestones, UnknownMilestone, UserId } from './incident.js';
import { findOrderViolation, MILESTONE_LABEL, type OrderViolation } from './milestones.js';
import type { Severity } from './severity.js';
import { type Instant, millis } from './time.js';

/**
 * The seen-marker source of an imported incident's external id: the stores keep these for good
 * (other delivery ids are forgotten after days), so a re-import, however late, adds nothing.
 */
export const IMPORTED_INCIDENT_MARKER = 'import-incident';

/** An incident that was over before Firewatch heard of it: `/incident record`, or a row of an import. */
export interface PastIncident {
  title: string;
  severity: Severity;
  service?: string;
  summary?: string;
  via: RecordedIncident['via'];
  impactStartedAt: Instant;
  detectedAt?: Instant;
  declaredAt?: Instant;
  acknowledgedAt?: Instant;
  mitigatedAt?: Instant;
  resolvedAt: Instant;
  commander?: UserId;
  externalId?: string;
}

/**
 * Its milestones, with the unknown ones filled in as for a live incident: detection defaults to the
 * declaration, and the declaration to detection, or to impact start when neither is known.
 */
export function pastMilestones(past: PastIncident): Milestones {
  const declaredAt = past.declaredAt ?? past.detectedAt ?? past.impactStartedAt;
  return {
    impactStartedAt: past.impactStartedAt,
    detectedAt: past.detectedAt ?? declaredAt,
    declaredAt,
    ...(past.acknowledgedAt ? { acknowledgedAt: past.acknowledgedAt } : {}),
    ...(past.mitigatedAt ? { mitigatedAt: past.mitigatedAt } : {}),
    resolvedAt: past.resolvedAt,
  };
}

/** Why its times cannot be: one in the future, or two out of order (a duration would be negative). */
export type PastProblem =
  | { kind: 'future'; milestone: keyof Milestones; at: Instant }
  | ({ kind: 'order' } & OrderViolation);

export function pastIncidentProblem(past: PastIncident, now: Instant): PastProblem | undefined {
  const milestones = pastMilestones(past);
  for (const [milestone, at] of Object.entries(milestones) as Array<[keyof Milestones, Instant]>)
    if (millis(at) > millis(now)) return { kind: 'future', milestone, at };
  const violation = findOrderViolation(milestones);
  return violation ? { kind: 'order', ...violation } : undefined;
}

/**
 * The events of an incident recorded after the fact: declared (at its declaration, with what was
 * known before), then resolved at its end. Refused with the same words as a correction when its
 * times are in the future or out of order.
 */
export function recordPastIncident(
  number: number,
  past: PastIncident,
  now: Instant,
): Array<EventBody & { at: Instant }> {
  const problem = pastIncidentProblem(past, now);
  if (problem?.kind === 'future')
    fail(
      'INVALID_TIME',
      `The ${MILESTONE_LABEL[problem.milestone]} at ${utc(problem.at)} is in the future; a recorded incident is over.`,
      'Give times at or before now: from:TIME is when impact began, to:TIME when it was resolved.',
    );
  if (problem?.kind === 'order')
    fail(
      'MILESTONE_ORDER',
      `The ${MILESTONE_LABEL[problem.earlier]} at ${utc(problem.earlierAt)} would come after the ${MILESTONE_LABEL[problem.later]} at ${utc(problem.laterAt)}, which would make a duration negative.`,
      'Give from:TIME before to:TIME (impact began, then it was resolved).',
    );
  const m = pastMilestones(past);
  const recorded: RecordedIncident = {
    via: past.via,
    impactStartedAt: m.impactStartedAt,
    detectedAt: m.detectedAt,
    ...(m.acknowledgedAt ? { acknowledgedAt: m.acknowledgedAt } : {}),
    ...(m.mitigatedAt ? { mitigatedAt: m.mitigatedAt } : {}),
    ...(past.commander ? { commander: past.commander } : {}),
    ...(past.externalId ? { externalId: past.externalId } : {}),
  };
  const unknown: UnknownMilestone[] = [
    ...(past.detectedAt ? [] : ['detectedAt' as const]),
    ...(past.declaredAt ? [] : ['declaredAt' as const]),
  ];
  if (unknown.length > 0) recorded.unknown = unknown;
  return [
    {
      kind: 'declared',
      number,
      title: past.title,
      severity: past.severity,
      ...(past.service ? { service: past.service } : {}),
      private: false,
      recorded,
      at: m.declaredAt,
    },
    {
      kind: 'resolved',
      from: 'investigating',
      ...(past.summary ? { summary: past.summary } : {}),
      at: past.resolvedAt,
    },
  ];
}
