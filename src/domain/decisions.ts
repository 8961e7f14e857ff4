import { fail } from './errors.js';
import type { EventBody } from './events.js';
import type { Incident, Priority, UserId } from './incident.js';
import { canTransition, isReopen, type Status, TRANSITIONS } from './lifecycle.js';
import { findOrderViolation, isSettable, MILESTONE_LABEL, type MilestoneName } from './milestones.js';
import { ROLE_TITLE, type Role } from './roles.js';
import type { Severity } from './severity.js';
import { type Instant, millis } from './time.js';

/**
 * Decisions: given an incident and what someone asked for, the events that follow, or a coded error
 * that says why not. Pure; the use cases add who and when, persist, and schedule the effects.
 */

/** `2026-11-26 14:02 UTC`: the domain speaks UTC; adapters show people their own zone. */
export function utc(instant: Instant): string {
  return `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC`;
}

function allowedFrom(status: Status): string {
  const next = TRANSITIONS[status];
  return next.length === 0 ? 'nothing: a closed incident is final' : next.join(', ');
}

function assertNotClosed(incident: Incident, what: string): void {
  if (incident.status === 'closed') {
    fail(
      'INCIDENT_CLOSED',
      `${incident.id} is closed, so its ${what} can no longer change.`,
      'Declare a new incident if the problem is back: /incident declare …',
    );
  }
}

export interface DeclareInput {
  number: number;
  title: string;
  severity: Severity;
  service?: string;
  private: boolean;
  description?: string;
}

export function declare(input: DeclareInput): EventBody[] {
  return [
    {
      kind: 'declared',
      number: input.number,
      title: input.title,
      severity: input.severity,
      ...(input.service ? { service: input.service } : {}),
      private: input.private,
      ...(input.description ? { description: input.description } : {}),
    },
  ];
}

export function changeStatus(incident: Incident, to: Status, message?: string): EventBody[] {
  const from = incident.status;
  if (to === 'resolved') return resolve(incident, message);
  if (isReopen(from, to)) {
    if (!message) {
      fail(
        'REASON_REQUIRED',
        `${incident.id} is resolved; reopening it needs a reason.`,
        'Say why: /incident reopen REASON…',
      );
    }
    return reopen(incident, message);
  }
  assertNotClosed(incident, 'status');
  if (from === to) {
    fail(
      'ALREADY_IN_STATUS',
      `${incident.id} is already ${to} (since ${utc(incident.statusSince)}).`,
      message ? 'To share news without changing status: /incident update MESSAGE…' : undefined,
    );
  }
  if (!canTransition(from, to)) {
    fail(
      'INVALID_TRANSITION',
      `${incident.id} is ${from}; it cannot move to ${to}.`,
      `From ${from} it can move to: ${allowedFrom(from)}.`,
    );
  }
  return [{ kind: 'status_changed', from, to, ...(message ? { message } : {}) }];
}

export function resolve(incident: Incident, summary?: string): EventBody[] {
  if (incident.status === 'resolved') {
    fail(
      'ALREADY_IN_STATUS',
      `${incident.id} is already resolved (since ${utc(incident.statusSince)}).`,
      'If it is not over, reopen it: /incident reopen REASON…',
    );
  }
  assertNotClosed(incident, 'status');
  if (!canTransition(incident.status, 'resolved')) {
    fail(
      'INVALID_TRANSITION',
      `${incident.id} is ${incident.status}; it cannot be resolved.`,
      `From ${incident.status} it can move to: ${allowedFrom(incident.status)}.`,
    );
  }
  return [{ kind: 'resolved', from: incident.status, ...(summary ? { summary } : {}) }];
}

export function reopen(incident: Incident, reason: string): EventBody[] {
  if (incident.recordedAfterTheFact) {
    fail(
      'INVALID_TRANSITION',
      `${incident.id} was recorded after the fact: it has no channel to run a response in, so it cannot be reopened.`,
      'If the problem is back, declare a new incident: /incident declare …',
    );
  }
  if (incident.status !== 'resolved') {
    if (incident.status === 'closed') {
      fail(
        'INCIDENT_CLOSED',
        `${incident.id} is closed and cannot be reopened.`,
        'Declare a new incident and mention this one: /incident declare …',
      );
    }
    fail(
      'INVALID_TRANSITION',
      `${incident.id} is ${incident.status}, not resolved, so there is nothing to reopen.`,
      `From ${incident.status} it can move to: ${allowedFrom(incident.status)}.`,
    );
  }
  if (!reason.trim()) {
    fail('REASON_REQUIRED', 'Reopening needs a reason.', 'Say why: /incident reopen REASON…');
  }
  return [{ kind: 'reopened', reason }];
}

export function close(incident: Incident): EventBody[] {
  if (incident.status === 'closed') {
    fail('ALREADY_IN_STATUS', `${incident.id} is already closed (since ${utc(incident.statusSince)}).`);
  }
  if (!canTransition(incident.status, 'closed')) {
    fail(
      'INVALID_TRANSITION',
      `${incident.id} is ${incident.status}; only a resolved incident can be closed.`,
      `From ${incident.status} it can move to: ${allowedFrom(incident.status)}. Resolve it first: /incident resolve [SUMMARY…]`,
    );
  }
  return [{ kind: 'closed' }];
}

export function postUpdate(incident: Incident, text: string): EventBody[] {
  assertNotClosed(incident, 'updates');
  return [{ kind: 'update_posted', text }];
}

/** Private or public: the commander's call, since it decides who may see everything said so far. */
export function changeVisibility(incident: Incident, by: UserId, makePrivate: boolean): EventBody[] {
  const wanted = makePrivate ? 'private' : 'public';
  assertNotClosed(incident, 'visibility');
  if (incident.roles.commander !== by) {
    fail(
      'COMMANDER_ONLY',
      `Only the commander of ${incident.id} may make it ${wanted}.`,
      'Ask the commander, or take command first: /incident assign commander @you',
    );
  }
  if (incident.private === makePrivate) fail('NOTHING_TO_CHANGE', `${incident.id} is already ${wanted}.`);
  return [{ kind: 'visibility_changed', private: makePrivate }];
}

export function changeSeverity(incident: Incident, to: Severity, reason?: string): EventBody[] {
  assertNotClosed(incident, 'severity');
  if (incident.severity === to) {
    fail('NOTHING_TO_CHANGE', `${incident.id} is already ${to}.`);
  }
  return [{ kind: 'severity_changed', from: incident.severity, to, ...(reason ? { reason } : {}) }];
}

export function assignRole(incident: Incident, role: Role, user: UserId): EventBody[] {
  assertNotClosed(incident, 'roles');
  const previous = incident.roles[role];
  if (previous === user) {
    fail(
      'NOTHING_TO_CHANGE',
      `That person is already the ${ROLE_TITLE[role].toLowerCase()} of ${incident.id}.`,
    );
  }
  return [{ kind: 'role_assigned', role, user, ...(previous ? { previous } : {}) }];
}

export function handOff(incident: Incident, to: UserId, notes?: string): EventBody[] {
  assertNotClosed(incident, 'command');
  const from = incident.roles.commander;
  if (from === to) {
    fail(
      'NOTHING_TO_CHANGE',
      `That person already leads ${incident.id}.`,
      'Hand over to someone else: /incident handoff @user [NOTES…]',
    );
  }
  return [{ kind: 'handed_off', ...(from ? { from } : {}), to, ...(notes ? { notes } : {}) }];
}

export function addNote(
  incident: Incident,
  text: string,
  source: 'command' | 'pin' = 'command',
  extra: { author?: UserId; permalink?: string } = {},
): EventBody[] {
  assertNotClosed(incident, 'timeline');
  return [{ kind: 'note_added', text, source, ...extra }];
}

export function nextActionId(incident: Incident): string {
  return `A${incident.actions.length + 1}`;
}

/** Follow-ups outlive the incident: they can be added and done after it is closed. */
export function addAction(
  incident: Incident,
  text: string,
  owner?: UserId,
  due?: string,
  priority?: Priority,
): EventBody[] {
  return [
    {
      kind: 'action_added',
      actionId: nextActionId(incident),
      text,
      ...(owner ? { owner } : {}),
      ...(due ? { due } : {}),
      ...(priority ? { priority } : {}),
    },
  ];
}

export function completeAction(incident: Incident, actionId: string): EventBody[] {
  const action = incident.actions.find((candidate) => candidate.id === actionId);
  if (!action) {
    const known = incident.actions.map((candidate) => candidate.id).join(', ');
    fail(
      'ACTION_NOT_FOUND',
      `${incident.id} has no follow-up ${actionId}.`,
      known
        ? `Its follow-ups are ${known}; see them with /incident actions`
        : 'It has no follow-ups yet: add one with /incident action TEXT…',
    );
  }
  if (action.status === 'done') {
    fail(
      'ACTION_ALREADY_DONE',
      `${actionId} of ${incident.id} is already done (${utc(action.doneAt ?? action.createdAt)}).`,
    );
  }
  return [{ kind: 'action_done', actionId }];
}

/** Corrections are allowed after close (reviews find better times), never into the future. */
export function setMilestone(
  incident: Incident,
  milestone: MilestoneName,
  value: Instant,
  now: Instant,
): EventBody[] {
  if (millis(value) > millis(now)) {
    fail(
      'INVALID_TIME',
      `${utc(value)} is in the future; milestones record what already happened.`,
      'Give a time at or before now: HH:MM in your time zone, or ISO 8601 with an offset or a zone.',
    );
  }
  if (milestone === 'resolvedAt' && !incident.milestones.resolvedAt) {
    fail(
      'INVALID_TRANSITION',
      `${incident.id} is ${incident.status}: it has no resolution time to correct.`,
      'Resolve it first: /incident resolve [SUMMARY…]',
    );
  }
  const previous = incident.milestones[milestone];
  if (previous && millis(previous) === millis(value)) {
    fail(
      'NOTHING_TO_CHANGE',
      `The ${MILESTONE_LABEL[milestone]} of ${incident.id} is already ${utc(value)}.`,
    );
  }
  // An incident recorded after the fact was never declared live: its declaration stands for its
  // detection (recording assumes the two at once when it is not told otherwise), so a later
  // detection moves it along instead of being refused.
  const m = incident.milestones;
  const declarationFollows =
    incident.recordedAfterTheFact === true &&
    milestone === 'detectedAt' &&
    millis(m.declaredAt) === millis(m.detectedAt) &&
    millis(value) > millis(m.declaredAt);
  const corrected = { ...m, [milestone]: value, ...(declarationFollows ? { declaredAt: value } : {}) };
  const moved = declarationFollows ? findOrderViolation(corrected, 'declaredAt') : undefined;
  // A declaration that moves with the detection is refused in the detection's name.
  const violation =
    findOrderViolation(corrected, milestone) ??
    (moved && {
      ...moved,
      earlier: moved.earlier === 'declaredAt' ? milestone : moved.earlier,
      later: moved.later === 'declaredAt' ? milestone : moved.later,
    });
  if (violation) {
    const movedEarlier = violation.earlier === milestone;
    const other = movedEarlier ? violation.later : violation.earlier;
    const otherAt = utc(movedEarlier ? violation.laterAt : violation.earlierAt);
    const correctOther = isSettable(other) ? `, or correct the ${MILESTONE_LABEL[other]} first` : '';
    fail(
      'MILESTONE_ORDER',
      `The ${MILESTONE_LABEL[milestone]} at ${utc(value)} would come ${movedEarlier ? 'after' : 'before'} the ${MILESTONE_LABEL[other]} at ${otherAt}, which would make a duration negative.`,
      `Pick a time ${movedEarlier ? 'at or before' : 'at or after'} ${otherAt}${correctOther}.`,
    );
  }
  const set: EventBody[] = [{ kind: 'milestone_set', milestone, value, ...(previous ? { previous } : {}) }];
  if (declarationFollows)
    set.push({ kind: 'milestone_set', milestone: 'declaredAt', value, previous: m.declaredAt });
  return set;
}

export interface ImpactInput {
  /** 0…100: the share of traffic (or users) affected. */
  percent: number;
  slo?: string;
  /** A segment of the impact window; absent: the whole window. */
  from?: Instant;
  to?: Instant;
}

/**
 * Records what share of traffic an incident affected, over its whole impact window or over one
 * segment. `slos` are the names of its service's SLOs. Like milestones, corrections stay allowed
 * after close: reviews find better figures.
 */
export function recordImpact(
  incident: Incident,
  input: ImpactInput,
  now: Instant,
  slos: readonly string[],
): EventBody[] {
  if (input.slo !== undefined && !slos.includes(input.slo)) {
    fail(
      'UNKNOWN_SLO',
      `${incident.service ?? 'This incident'} has no SLO named "${input.slo}".`,
      slos.length > 0
        ? `Its SLOs are ${slos.join(', ')}; leave slo: out to mean all of them.`
        : 'Its runbook declares no SLOs: add a slos: list to its front matter, or leave slo: out.',
    );
  }
  if (input.from !== undefined && input.to !== undefined) {
    if (millis(input.from) >= millis(input.to)) {
      fail(
        'INVALID_TIME',
        `The segment from ${utc(input.from)} to ${utc(input.to)} ends before it starts.`,
        'Give the earlier time after from and the later one after to.',
      );
    }
    if (millis(input.to) > millis(now)) {
      fail(
        'INVALID_TIME',
        `${utc(input.to)} is in the future; impact is recorded for what already happened.`,
        'End the segment at or before now.',
      );
    }
  }
  return [
    {
      kind: 'impact_recorded',
      percent: input.percent,
      ...(input.slo !== undefined ? { slo: input.slo } : {}),
      ...(input.from !== undefined && input.to !== undefined ? { from: input.from, to: input.to } : {}),
    },
  ];
}
