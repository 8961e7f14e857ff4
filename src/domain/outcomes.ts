import type { IncidentId, UserId } from './incident.js';
import type { IncidentRefs, OnCallName } from './refs.js';

/**
 * What carrying out an effect may write back on its incident: the loop from the outbox into the
 * timeline, all of it listed here. Effects report these through `OutcomePort`; one use case
 * (usecases/record-outcome.ts) turns each into events, refs and follow-up effects, through the
 * one atomic commit.
 */
export type EffectOutcome =
  /** Learnt from outside: the channel's id and name, the card's message, the announcement. */
  | { kind: 'refs'; refs: IncidentRefs }
  /** PagerDuty accepted the page. */
  | { kind: 'paged'; service: string; dedupKey: string }
  /** PagerDuty resolved the alert the page opened. */
  | { kind: 'page_resolved'; service: string }
  /** Paging keeps failing (or gave up); said on the timeline while retries go on. */
  | { kind: 'page_failed'; error: string }
  /** The on-call engineers invited to the channel, and who is on call for the card. */
  | { kind: 'oncall_joined'; users: UserId[]; onCall?: OnCallName[] }
  /** The postmortem draft was written to this path. */
  | {
      kind: 'postmortem_written';
      path: string;
      fallback: boolean;
      requestedBy?: UserId;
      /** The error-budget policy asks for a P0 follow-up (the incident spent too much of a budget). */
      p0Required?: boolean;
    };

/** The narrow port through which effects write: nothing else in src/effects/ changes an incident. */
export interface OutcomePort {
  record(incident: IncidentId, outcome: EffectOutcome): Promise<void>;
}
