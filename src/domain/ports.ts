import type { Effect } from './effects.js';
import type { NewEvent, TimelineEvent } from './events.js';
import type { Incident, IncidentId, UserId } from './incident.js';
import type { Status } from './lifecycle.js';
import type { Severity } from './severity.js';
import type { Instant } from './time.js';

/** Time comes in from outside: the real clock in production, a fixed one in tests. */
export interface Clock {
  now(): Date;
}

// ---------------------------------------------------------------------------------------------------
// Store

export interface StoredIncident {
  incident: Incident;
  /** The number of events on its timeline; a commit must name the version it read. */
  version: number;
}

/** One atomic write: the incident's new events, its new projection and the effects to run. */
export interface Commit {
  incident: Incident;
  expectedVersion: number;
  events: NewEvent[];
  effects: Effect[];
  recordedAt: Instant;
}

export interface IncidentQuery {
  /** Only incidents this person may see (private ones need them among the participants). */
  viewer: UserId;
  /** Operators reading the database directly (the CLI) may ask for private incidents too. */
  includePrivate?: boolean;
  statuses?: readonly Status[];
  declaredSince?: Instant;
  /** Declared in the window, or still open, or resolved in the window. */
  activeSince?: Instant;
  service?: string;
  severity?: Severity;
  /** Only incidents with follow-ups still open. */
  withOpenActions?: boolean;
  limit?: number;
}

/** The columns a report needs, as epoch milliseconds, without the whole incident. */
export interface ReportRow {
  id: IncidentId;
  severity: Severity;
  service: string | null;
  status: Status;
  impactStartedAt: number;
  detectedAt: number;
  declaredAt: number;
  acknowledgedAt: number | null;
  mitigatedAt: number | null;
  resolvedAt: number | null;
}

export interface ClaimedEffect {
  id: number;
  incidentId: IncidentId;
  effect: Effect;
  /** 1 on the first try. */
  attempt: number;
  createdAt: Instant;
}

export interface OutboxStats {
  pending: number;
  failed: number;
  oldestPendingAt?: Instant;
}

export interface IncidentStore {
  /** The number the next declared incident would get (one more than the highest so far). */
  nextIncidentNumber(): Promise<number>;
  load(id: IncidentId): Promise<StoredIncident | undefined>;
  /** Throws CONFLICT if the incident's version is no longer `expectedVersion`. */
  commit(commit: Commit): Promise<void>;
  timeline(id: IncidentId): Promise<TimelineEvent[]>;
  event(id: IncidentId, seq: number): Promise<TimelineEvent | undefined>;
  list(query: IncidentQuery): Promise<Incident[]>;
  reportRows(query: IncidentQuery): Promise<ReportRow[]>;

  /** Adapter bookkeeping tied to an incident: its channel id, its card's message, … */
  setRef(id: IncidentId, key: string, value: string): Promise<void>;
  refs(id: IncidentId): Promise<Record<string, string>>;
  findByRef(key: string, value: string): Promise<IncidentId | undefined>;

  /** The head effect of each incident's queue that is due and not held by another worker. */
  claimEffects(now: Instant, limit: number, leaseMs: number): Promise<ClaimedEffect[]>;
  /** Keeps claims alive while their effects run, so a slow effect is not taken over. */
  extendLeases(ids: readonly number[], until: Instant): Promise<void>;
  completeEffect(id: number, now: Instant): Promise<void>;
  retryEffect(id: number, nextAttemptAt: Instant, error: string): Promise<void>;
  failEffect(id: number, now: Instant, error: string): Promise<void>;
  /** When the earliest waiting effect becomes due, so a worker can sleep until then. */
  nextEffectDueAt(): Promise<Instant | undefined>;
  outboxStats(): Promise<OutboxStats>;
  /** How many incidents are open (investigating, identified or monitoring), by severity; private ones too. */
  openIncidentsBySeverity(): Promise<Record<Severity, number>>;

  /** Records a delivery id (Slack event_id, PagerDuty webhook id); false if it was seen before. */
  markSeen(source: string, key: string, now: Instant): Promise<boolean>;
  /** Undoes markSeen when handling failed, so that the sender's retry is handled after all. */
  forgetSeen(source: string, key: string): Promise<void>;
  /** Open incidents with a reminder due at or before `now`. */
  dueReminders(now: Instant, limit: number): Promise<IncidentId[]>;

  /** A cheap query that proves the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Service catalog (runbooks)

export interface Dashboard {
  title: string;
  url: string;
}

export interface PagerDutyLink {
  serviceId?: string;
  escalationPolicyId?: string;
  /** The name of the environment variable that holds the Events API routing key. */
  routingKeyEnv?: string;
  /** Declare a Firewatch incident when PagerDuty triggers a high-urgency incident on this service. */
  autoDeclare: boolean;
}

export interface RunbookSection {
  heading: string;
  markdown: string;
}

export interface Service {
  name: string;
  aliases: string[];
  team?: string;
  /** The runbook's file name within the runbooks folder, e.g. `payments.md`. */
  file: string;
  pagerduty?: PagerDutyLink;
  dashboards: Dashboard[];
  runbook: { title: string; sections: RunbookSection[] };
}

export interface ServiceCatalog {
  services(): readonly Service[];
  /** By name or alias, case-insensitive. */
  find(nameOrAlias: string): Service | undefined;
  /** The nearest known name or alias, if any is close enough to be a typo. */
  suggest(nameOrAlias: string): string | undefined;
}

// ---------------------------------------------------------------------------------------------------
// People

export interface Profile {
  /** How to name the person in a document. */
  name: string;
  /** Their IANA time zone, when known. */
  zone?: string;
}

/** Who people are: the chat user behind an email (Slack: users.lookupByEmail), names and zones. */
export interface UserDirectory {
  findByEmail(email: string): Promise<UserId | undefined>;
  profile(user: UserId): Promise<Profile>;
}
