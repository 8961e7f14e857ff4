import type { Change, Deployment, DeploymentStatus, NewDeployment } from '../deployments.js';
import type { Instant } from '../time.js';
import type { SeenMarker } from './incidents.js';

/** A deployment to record, with the delivery ids it handles, in one transaction. */
export interface DeploymentWrite {
  deployment: NewDeployment;
  recordedAt: Instant;
  /** Recorded with it; if one was recorded before, nothing is written (DUPLICATE). */
  seen?: readonly SeenMarker[];
}

/** Commits pushed to a repository, in the order they were pushed. */
export interface PushWrite {
  repository: string;
  changes: readonly Change[];
  recordedAt: Instant;
  seen?: readonly SeenMarker[];
}

export interface DeploymentQuery {
  /** Finished at or after. */
  since?: Instant;
  /** Finished before. */
  until?: Instant;
  service?: string;
  environments?: readonly string[];
  status?: DeploymentStatus;
  /** A sha or the start of one (at least 4 characters), or a `D-<n>` id. */
  ref?: string;
  /** Newest first; at most this many. */
  limit?: number;
}

/** Deployments and the commits pushed before them: what DORA's four keys are computed from. */
export interface DeploymentLog {
  /**
   * Records a deployment (or a failed attempt) atomically with its delivery markers. Idempotent on
   * the deployment's key: a key recorded before returns that deployment, `created` false. Throws
   * DUPLICATE, writing nothing, if one of the `seen` markers was recorded before.
   */
  recordDeployment(write: DeploymentWrite): Promise<{ deployment: Deployment; created: boolean }>;
  /** Records pushed commits (a sha already known keeps its place); returns how many were new. */
  recordPush(write: PushWrite): Promise<number>;
  /**
   * The commits pushed to a repository after `afterSha`, up to and including `untilSha`, in push
   * order; without `afterSha` (or when it is unknown), those of the push that brought `untilSha`.
   * Undefined when `untilSha` was never pushed.
   */
  pushedChanges(repository: string, untilSha: string, afterSha?: string): Promise<Change[] | undefined>;
  /** Deployments and failed attempts, newest first. */
  deployments(query: DeploymentQuery): Promise<Deployment[]>;
}
