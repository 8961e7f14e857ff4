import type { Instant } from './time.js';

/** A finished rollout (`success`), or an attempt that did not go out (`failure`): only the first counts as a deployment. */
export type DeploymentStatus = 'success' | 'failure';

/** Where a deployment was heard of. */
export type DeploymentSource = 'github' | 'webhook' | 'cli' | 'import';

/** One change (commit) a deployment shipped: its lead time runs from `committedAt` to the deployment. */
export interface Change {
  sha: string;
  committedAt: Instant;
  /** The change's author as the source names them (a GitHub login), for the postmortem's lead-up. */
  author?: string;
}

export interface NewDeployment {
  /**
   * What makes two reports of it the same deployment: the sender's id, or service, environment and
   * sha. Recording a key a second time changes nothing.
   */
  key: string;
  /** The service, or the repository's name when no runbook lists the repository (`mapped` false). */
  service: string;
  mapped: boolean;
  repository?: string;
  environment: string;
  sha: string;
  status: DeploymentStatus;
  finishedAt: Instant;
  startedAt?: Instant;
  /** Who started it (a GitHub login, a CI user). */
  creator?: string;
  source: DeploymentSource;
  /** The changes it shipped; absent when they are not known (its lead time is then left out). */
  changes?: Change[];
}

export interface Deployment extends NewDeployment {
  /** `D-<n>`, numbered by the store. */
  id: string;
  recordedAt: Instant;
}

export function deploymentId(number: number): string {
  return `D-${number}`;
}

export function parseDeploymentId(text: string): number | undefined {
  const match = /^d-?(\d{1,12})$/i.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

/** The environments that count as production for the four keys, unless DORA_ENVIRONMENTS says otherwise. */
export const DEFAULT_DORA_ENVIRONMENTS: readonly string[] = ['production'];

/** What caused an incident: the deployment it was linked to with `/incident cause deploy:…`. */
export interface IncidentCause {
  deploymentId: string;
  sha: string;
  service: string;
  finishedAt: Instant;
  note?: string;
}
