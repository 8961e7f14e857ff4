import type { Effect } from '../effects.js';
import type { IncidentId } from '../incident.js';
import type { Instant } from '../time.js';

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

/** The outbox: effects recorded by commits, claimed by workers under leases, in order per lane. */
export interface Outbox {
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
}
