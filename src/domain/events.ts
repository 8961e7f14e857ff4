import type { IncidentCause } from './deployments.js';
import type { Priority, UnknownMilestone, UserId } from './incident.js';
import type { Status } from './lifecycle.js';
import type { MilestoneName } from './milestones.js';
import type { Role } from './roles.js';
import type { Severity } from './severity.js';
import type { Instant } from './time.js';

/** What happened, without when or by whom (the envelope below carries those). */
export type EventBody =
  | {
      kind: 'declared';
      number: number;
      title: string;
      severity: Severity;
      service?: string;
      private: boolean;
      description?: string;
      /** Present when the incident is recorded after it was over (`/incident record`, an import). */
      recorded?: RecordedIncident;
    }
  | { kind: 'status_changed'; from: Status; to: Status; message?: string }
  | { kind: 'update_posted'; text: string }
  | { kind: 'severity_changed'; from: Severity; to: Severity; reason?: string }
  | { kind: 'role_assigned'; role: Role; user: UserId; previous?: UserId }
  | { kind: 'note_added'; text: string; source: 'command' | 'pin'; author?: UserId; permalink?: string }
  | {
      kind: 'action_added';
      actionId: string;
      text: string;
      owner?: UserId;
      due?: string;
      priority?: Priority;
    }
  | { kind: 'action_done'; actionId: string }
  | { kind: 'impact_recorded'; percent: number; slo?: string; from?: Instant; to?: Instant }
  | { kind: 'milestone_set'; milestone: MilestoneName; value: Instant; previous?: Instant }
  | { kind: 'paged'; service: string; dedupKey: string }
  | { kind: 'page_failed'; service: string; error: string }
  | { kind: 'page_resolved'; service: string }
  | {
      kind: 'pagerduty';
      event: PagerDutyEventKind;
      summary: string;
      pagerdutyIncidentId?: string;
      url?: string;
    }
  | { kind: 'participant_added'; user: UserId; reason: 'invited' | 'oncall' | 'joined' }
  /** They left the incident's channel, or were removed from it (Slack says the same for both). */
  | { kind: 'participant_left'; user: UserId }
  | { kind: 'visibility_changed'; private: boolean }
  | { kind: 'handed_off'; from?: UserId; to: UserId; notes?: string }
  | { kind: 'postmortem_generated'; path?: string; fallback: boolean; p0Required?: boolean }
  | { kind: 'resolved'; from: Status; summary?: string }
  | { kind: 'reopened'; reason: string }
  | { kind: 'closed' }
  | { kind: 'reminder_sent'; reminder: ReminderKind }
  | { kind: 'cause_linked'; cause: IncidentCause; previous?: IncidentCause }
  | { kind: 'cause_removed'; previous: IncidentCause };

/**
 * An incident recorded after the fact: what was known of it before Firewatch heard of it. The
 * `declared` event's `at` is its declaration (impact start when unknown); `resolved` follows at its end.
 */
export interface RecordedIncident {
  /** `record`: typed by a person with `/incident record`; `import`: a row of `firewatch import incidents`. */
  via: 'record' | 'import';
  impactStartedAt: Instant;
  detectedAt: Instant;
  acknowledgedAt?: Instant;
  mitigatedAt?: Instant;
  commander?: UserId;
  /** The id the incident has in the tool it was imported from. */
  externalId?: string;
  /**
   * Milestones nobody gave (`/incident record` knows only impact and resolution; an import row may
   * leave them blank): filled in so the order holds, but left out of durations.
   */
  unknown?: UnknownMilestone[];
}

export type PagerDutyEventKind = 'acknowledged' | 'resolved' | 'escalated' | 'reassigned' | 'triggered';
export type ReminderKind = 'update' | 'lead' | 'postmortem' | 'p0';

/** A timeline entry as stored: `seq` strictly increasing per incident. */
export type TimelineEvent = EventBody & {
  seq: number;
  /** When it happened. A pinned message keeps its own time, so this can precede `recordedAt`. */
  at: Instant;
  recordedAt: Instant;
  actor: UserId;
};

/** An event about to be appended; the store gives it its `seq`. */
export type NewEvent = EventBody & { at: Instant; actor: UserId };

/** Timeline order: by when it happened, then by the order it was recorded. */
export function byTime(a: TimelineEvent, b: TimelineEvent): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq;
}
