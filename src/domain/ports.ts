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

/** A delivery or request id recorded with a commit, so that a repeat of it is not handled twice. */
export interface SeenMarker {
  /** Where ids of this kind come from: `slack-event`, `pagerduty-webhook`, `pin`, … */
  source: string;
  key: string;
}

/** The change a commit writes, decided once the store has given the incident its number. */
export interface Decision {
  /** The incident after the new events: the projection the store keeps beside the timeline. */
  incident: Incident;
  /** The new timeline entries, in order; the store gives them their `seq`. */
  events: NewEvent[];
}

/** What a commit stored: the events with the `seq` the store gave them, and the new version. */
export interface StoredChange {
  incident: Incident;
  events: TimelineEvent[];
  version: number;
  effects: Effect[];
}

/**
 * One atomic write, the only way anything about an incident is written: its new events, its new
 * projection, the effects to run, the delivery ids it handles and the adapter refs it learnt, all
 * in one transaction, given the version the incident was read at. If any part fails, none of it
 * is written.
 *
 * Numbers are the store's to give: a new incident's number (unique even across replicas) and each
 * event's `seq`. So the change is handed over as two pure, synchronous functions that the store
 * calls inside its transaction: `decide` with the incident's number, `effects` with what is stored.
 */
export interface Commit {
  /** The incident changed, or absent for a new one, which the store numbers. */
  id?: IncidentId;
  /** The version the incident was read at (0 for a new one); a different one fails with CONFLICT. */
  expectedVersion: number;
  recordedAt: Instant;
  decide(number: number): Decision;
  /** The effects of the change, built from the events as stored. */
  effects?(stored: Omit<StoredChange, 'effects'>): Effect[];
  /** Recorded with the change; if one was recorded before, nothing is written (DUPLICATE). */
  seen?: readonly SeenMarker[];
  /** Adapter bookkeeping learnt with the change (the channel's id, the card's message, …). */
  refs?: Readonly<Record<string, string>>;
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
  /**
   * The claim's token. Completing, retrying or failing the effect needs it, so that a worker whose
   * lease ran out cannot finish an effect that another worker has claimed since.
   */
  lease: string;
  incidentId: IncidentId;
  effect: Effect;
  /** 1 on the first try. */
  attempt: number;
  createdAt: Instant;
}

/** Which claim of an effect: its id and the lease token it was claimed with. */
export type EffectClaim = Pick<ClaimedEffect, 'id' | 'lease'>;

export interface OutboxStats {
  pending: number;
  failed: number;
  oldestPendingAt?: Instant;
}

export interface IncidentStore {
  /** The number the next declared incident would get (one more than the highest so far). */
  nextIncidentNumber(): Promise<number>;
  load(id: IncidentId): Promise<StoredIncident | undefined>;
  /**
   * Writes the change atomically. Throws CONFLICT if the incident's version is no longer
   * `expectedVersion`, DUPLICATE if one of its `seen` markers was recorded before.
   */
  commit(commit: Commit): Promise<StoredChange>;
  timeline(id: IncidentId): Promise<TimelineEvent[]>;
  event(id: IncidentId, seq: number): Promise<TimelineEvent | undefined>;
  list(query: IncidentQuery): Promise<Incident[]>;
  reportRows(query: IncidentQuery): Promise<ReportRow[]>;

  /** Adapter bookkeeping tied to an incident (written by commits): its channel id, its card's message, … */
  refs(id: IncidentId): Promise<Record<string, string>>;
  findByRef(key: string, value: string): Promise<IncidentId | undefined>;

  /** The head effect of each incident's queue that is due and not held by another worker. */
  claimEffects(now: Instant, limit: number, leaseMs: number): Promise<ClaimedEffect[]>;
  /** Keeps claims alive while their effects run, so a slow effect is not taken over. */
  extendLeases(claims: readonly EffectClaim[], until: Instant): Promise<void>;
  /**
   * Each of these answers false, changing nothing, when the claim is no longer held (its lease ran
   * out and another worker claimed the effect, or it was finished already).
   */
  completeEffect(claim: EffectClaim, now: Instant): Promise<boolean>;
  retryEffect(claim: EffectClaim, nextAttemptAt: Instant, error: string): Promise<boolean>;
  failEffect(claim: EffectClaim, now: Instant, error: string): Promise<boolean>;
  /** When the earliest waiting effect becomes due, so a worker can sleep until then. */
  nextEffectDueAt(): Promise<Instant | undefined>;
  outboxStats(): Promise<OutboxStats>;
  /** How many incidents are open (investigating, identified or monitoring), by severity; private ones too. */
  openIncidentsBySeverity(): Promise<Record<Severity, number>>;

  /** Whether a delivery id was recorded by a commit (a cheap early look; the commit decides). */
  seen(marker: SeenMarker): Promise<boolean>;
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
