import type { Effect } from '../effects.js';
import type { NewEvent, TimelineEvent } from '../events.js';
import type { Incident, IncidentId } from '../incident.js';
import type { Instant } from '../time.js';

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

/** Incidents and their timelines: the event log, and the one way to write to it. */
export interface IncidentLog {
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
}
