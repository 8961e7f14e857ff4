import { isPerson } from './actors.js';
import type { ReminderKind } from './events.js';
import type { Incident, ReminderState } from './incident.js';
import { isOpen } from './lifecycle.js';
import { isMajor, type Severity } from './severity.js';
import { addMillis, DAY, type Instant, MINUTE, millis } from './time.js';

export interface ReminderPolicy {
  /** How long an open incident may go without a status change or update; undefined = never nudge. */
  updateIntervals: Partial<Record<Severity, number>>;
  /** A major incident still led by its declarer after this long gets "who is leading?". */
  leadAfter: number;
  /** A resolved incident whose postmortem nobody has touched after this long reminds its commander. */
  postmortemAfter: number;
  /** How often to ask again for the P0 follow-up the error-budget policy requires, until one exists. */
  p0Every: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  updateIntervals: { SEV1: 15 * MINUTE, SEV2: 30 * MINUTE, SEV3: 120 * MINUTE },
  leadAfter: 10 * MINUTE,
  postmortemAfter: 5 * DAY,
  p0Every: DAY,
};

function latest(...instants: Array<Instant | undefined>): Instant {
  const known = instants.filter((instant): instant is Instant => instant !== undefined);
  return known.reduce((a, b) => (millis(a) >= millis(b) ? a : b));
}

/** When each reminder is next due, derived from the incident alone, so it survives restarts. */
export function scheduleReminders(incident: Incident, policy: ReminderPolicy): ReminderState {
  const reminders: ReminderState = {};
  // It was over before anyone told Firewatch: nobody is nudged about it.
  if (incident.recordedAfterTheFact) return reminders;
  const { milestones, nudgedAt } = incident;
  if (isOpen(incident.status)) {
    const interval = policy.updateIntervals[incident.severity];
    if (interval !== undefined) {
      const quietSince = latest(
        milestones.declaredAt,
        incident.statusSince,
        incident.lastUpdate?.at,
        nudgedAt.update,
      );
      reminders.updateDueAt = addMillis(quietSince, interval);
    }
    const commander = incident.roles.commander;
    const ledByDeclarer =
      (commander === undefined || commander === incident.declaredBy) && !milestones.acknowledgedAt;
    if (isMajor(incident.severity) && ledByDeclarer && !nudgedAt.lead) {
      reminders.leadDueAt = addMillis(milestones.declaredAt, policy.leadAfter);
    }
  }
  if (incident.status === 'resolved' && milestones.resolvedAt) {
    const resolvedAt = millis(milestones.resolvedAt);
    const pm = incident.postmortem;
    const touched = pm !== undefined && isPerson(pm.by) && millis(pm.generatedAt) >= resolvedAt;
    const reminded = nudgedAt.postmortem !== undefined && millis(nudgedAt.postmortem) >= resolvedAt;
    if (!touched && !reminded) {
      reminders.postmortemDueAt = addMillis(milestones.resolvedAt, policy.postmortemAfter);
    }
  }
  const hasP0 = incident.actions.some((action) => action.priority === 'p0');
  if (incident.p0RequestedAt && !hasP0) {
    reminders.p0DueAt = addMillis(latest(incident.p0RequestedAt, nudgedAt.p0), policy.p0Every);
  }
  return reminders;
}

export function dueReminders(reminders: ReminderState, now: Instant): ReminderKind[] {
  const due: ReminderKind[] = [];
  const at = millis(now);
  if (reminders.updateDueAt && millis(reminders.updateDueAt) <= at) due.push('update');
  if (reminders.leadDueAt && millis(reminders.leadDueAt) <= at) due.push('lead');
  if (reminders.postmortemDueAt && millis(reminders.postmortemDueAt) <= at) due.push('postmortem');
  if (reminders.p0DueAt && millis(reminders.p0DueAt) <= at) due.push('p0');
  return due;
}

export function nextReminderAt(reminders: ReminderState): Instant | undefined {
  const all = [
    reminders.updateDueAt,
    reminders.leadDueAt,
    reminders.postmortemDueAt,
    reminders.p0DueAt,
  ].filter((instant): instant is Instant => instant !== undefined);
  return all.length === 0 ? undefined : all.reduce((a, b) => (millis(a) <= millis(b) ? a : b));
}
