import type { IncidentCause } from './deployments.js';
import type { Status } from './lifecycle.js';
import type { Role } from './roles.js';
import type { Severity } from './severity.js';
import type { Instant } from './time.js';

/** `INC-<n>`, n sequential from 1. */
export type IncidentId = string;
/** A chat user: a Slack user id (`U024BE7LH`) or, in the console, a plain name (`alice`). */
export type UserId = string;

export function incidentId(number: number): IncidentId {
  return `INC-${number}`;
}

export function parseIncidentId(text: string): IncidentId | undefined {
  const match = /^inc-?(\d{1,9})$/i.exec(text.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  return number >= 1 ? incidentId(number) : undefined;
}

export interface Milestones {
  impactStartedAt: Instant;
  detectedAt: Instant;
  declaredAt: Instant;
  acknowledgedAt?: Instant;
  mitigatedAt?: Instant;
  resolvedAt?: Instant;
  closedAt?: Instant;
}

export const PRIORITIES = ['p0', 'p1', 'p2', 'p3'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface FollowUp {
  /** `A1`, `A2`, … numbered within the incident. */
  id: string;
  text: string;
  owner?: UserId;
  /** A calendar date, `YYYY-MM-DD`. */
  due?: string;
  /** `p0` (most urgent) … `p3`. */
  priority?: Priority;
  status: 'open' | 'done';
  createdAt: Instant;
  createdBy: UserId;
  doneAt?: Instant;
  doneBy?: UserId;
}

/** A share of traffic (or users) affected, recorded with `/incident impact`. */
export interface ImpactRecord {
  /** 0…100. */
  percent: number;
  /** The SLO it is about; absent: every SLO of the incident's service. */
  slo?: string;
  /** A segment of the impact window; absent: the whole window. */
  from?: Instant;
  to?: Instant;
  recordedAt: Instant;
}

export interface StatusUpdate {
  at: Instant;
  by: UserId;
  text: string;
}

export interface PageState {
  /** Events API dedup key: one alert per incident. */
  dedupKey: string;
  service: string;
  triggeredAt?: Instant;
  resolvedAt?: Instant;
  failedAt?: Instant;
  /** The PagerDuty incident the alert opened, once its webhook tells us. */
  pagerdutyIncidentId?: string;
  pagerdutyUrl?: string;
}

export interface ReminderState {
  /** When the commander is next nudged for a status update. */
  updateDueAt?: Instant;
  /** When to ask "who is leading?" if nobody but the declarer has taken command. */
  leadDueAt?: Instant;
  /** When to remind the commander that the postmortem is waiting. */
  postmortemDueAt?: Instant;
  /** When to ask again for the P0 follow-up the error-budget policy requires. */
  p0DueAt?: Instant;
}

export interface Incident {
  id: IncidentId;
  number: number;
  title: string;
  description?: string;
  severity: Severity;
  status: Status;
  service?: string;
  private: boolean;
  declaredBy: UserId;
  roles: Partial<Record<Role, UserId>>;
  /** Everyone who declared, holds or held a role, was invited, or acted on the incident. */
  participants: UserId[];
  /**
   * Participants who have left the incident's channel (or were removed) and not come back. They
   * stay participants (the postmortem names who took part) but may no longer see it if it is private.
   * Absent in incidents stored before people could leave.
   */
  leftChannel?: UserId[];
  milestones: Milestones;
  /** When the incident entered its current status. */
  statusSince: Instant;
  lastUpdate?: StatusUpdate;
  /** The last reminder of each kind, so that nudges repeat at the cadence and not more often. */
  nudgedAt: { update?: Instant; lead?: Instant; postmortem?: Instant; p0?: Instant };
  /** Since when the error-budget policy asks for a P0 follow-up (set once, by the postmortem draft). */
  p0RequestedAt?: Instant;
  summary?: string;
  actions: FollowUp[];
  /** Impact figures in the order recorded (absent on incidents stored before there were any). */
  impacts?: ImpactRecord[];
  page?: PageState;
  /** The last postmortem draft: when, and by whom (Firewatch on resolve, or a person regenerating it). */
  postmortem?: { generatedAt: Instant; by: UserId; path?: string };
  reopenCount: number;
  reminders: ReminderState;
  /** The deployment that caused it, once someone links one (`/incident cause deploy:…`). */
  cause?: IncidentCause;
  /**
   * Recorded after it was over (`/incident record`, `firewatch import incidents`): it never had a
   * channel or a page. It counts in reports unless they are asked for live incidents only.
   */
  recordedAfterTheFact?: true;
  /** Its id in the tool it was imported from. */
  externalId?: string;
  /**
   * Of an incident recorded after the fact, the milestones nobody gave: their times are stand-ins
   * (detection at the declaration, the declaration at impact start), so TTD and TTA are unknown.
   * Setting the milestone makes it known.
   */
  unknownMilestones?: UnknownMilestone[];
}

/** The milestones an incident recorded after the fact may not know. */
export type UnknownMilestone = 'detectedAt' | 'declaredAt';

export function openActions(incident: Incident): FollowUp[] {
  return incident.actions.filter((action) => action.status === 'open');
}

/**
 * Who may see the incident if it is private: its participants who are still in its channel. Access
 * follows current membership, so leaving the channel (or being removed) takes it away.
 */
export function viewers(incident: Incident): UserId[] {
  const left = incident.leftChannel ?? [];
  return left.length === 0
    ? incident.participants
    : incident.participants.filter((user) => !left.includes(user));
}

/** Private incidents are shown only to the people taking part and still in the channel. */
export function canSee(incident: Incident, user: UserId): boolean {
  return !incident.private || viewers(incident).includes(user);
}
