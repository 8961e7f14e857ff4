import {
  type Change,
  DEFAULT_DORA_ENVIRONMENTS,
  type Deployment,
  type DeploymentSource,
  type NewDeployment,
} from '../domain/deployments.js';
import { FirewatchError } from '../domain/errors.js';
import type { SeenMarker, Service } from '../domain/ports.js';
import { toInstant } from '../domain/time.js';
import type { Deps } from './context.js';
import type { DeploymentInput } from './deployment-input.js';

export type DeploymentOutcome =
  | { outcome: 'recorded'; deployment: Deployment }
  | { outcome: 'duplicate'; deployment?: Deployment };

/** The service a repository's deployments belong to: the runbook that lists it under `repositories:`. */
export function serviceOfRepository(deps: Deps, repository: string): Service | undefined {
  const wanted = repository.toLowerCase();
  return deps.catalog.services().find((service) => service.repositories?.includes(wanted));
}

/** The environments whose deployments count towards the four keys (DORA_ENVIRONMENTS). */
export function doraEnvironments(deps: Deps): readonly string[] {
  return deps.settings.doraEnvironments ?? DEFAULT_DORA_ENVIRONMENTS;
}

/**
 * The changes a deployment shipped, when the sender did not list them: the commits pushed to the
 * service's repositories since its previous successful deployment to the same environment, up to
 * and including the deployed sha.
 */
async function pushedChanges(
  deps: Deps,
  input: DeploymentInput,
  service: string,
  repositories: readonly string[],
): Promise<Change[] | undefined> {
  if (repositories.length === 0) return undefined;
  const [previous] = await deps.store.deployments({
    service,
    environments: [input.environment],
    status: 'success',
    until: input.finishedAt,
    limit: 1,
  });
  for (const repository of repositories) {
    const changes = await deps.store.pushedChanges(repository, input.sha, previous?.sha);
    if (changes) return changes;
  }
  return undefined;
}

/**
 * Records a deployment or a failed attempt, heard from GitHub, the generic webhook, the CLI or an
 * import. A service the runbooks know is named as they name it; a repository no runbook lists is
 * recorded under the repository's name, unmapped. Idempotent: the sender's id (or service,
 * environment and sha) makes a second report of it change nothing, and a delivery id seen before
 * is a duplicate.
 */
export async function recordDeployment(
  deps: Deps,
  input: DeploymentInput,
  options: { source: DeploymentSource; key?: string; seen?: readonly SeenMarker[] },
): Promise<DeploymentOutcome> {
  const byRepository = input.repository ? serviceOfRepository(deps, input.repository) : undefined;
  const named = byRepository ?? deps.catalog.find(input.service);
  const service = named?.name ?? input.service;
  const repositories = input.repository ? [input.repository.toLowerCase()] : (named?.repositories ?? []);
  const changes =
    input.changes ??
    (input.status === 'success' ? await pushedChanges(deps, input, service, repositories) : undefined);
  const failure = input.status === 'failure' ? ':failure' : '';
  const deployment: NewDeployment = {
    key:
      options.key ??
      (input.id !== undefined
        ? `id:${input.id}${failure}`
        : `${service}:${input.environment}:${input.sha}${failure}`),
    service,
    mapped: named !== undefined,
    ...(input.repository ? { repository: input.repository.toLowerCase() } : {}),
    environment: input.environment,
    sha: input.sha,
    status: input.status,
    finishedAt: input.finishedAt,
    ...(input.startedAt ? { startedAt: input.startedAt } : {}),
    ...(input.creator ? { creator: input.creator } : {}),
    source: options.source,
    ...(changes ? { changes } : {}),
  };
  try {
    const written = await deps.store.recordDeployment({
      deployment,
      recordedAt: toInstant(deps.clock.now()),
      ...(options.seen ? { seen: options.seen } : {}),
    });
    return written.created
      ? { outcome: 'recorded', deployment: written.deployment }
      : { outcome: 'duplicate', deployment: written.deployment };
  } catch (error) {
    if (FirewatchError.is(error, 'DUPLICATE')) return { outcome: 'duplicate' };
    throw error;
  }
}

/** Commits pushed to a repository, so that the deployments that ship them know their lead time. */
export async function recordPush(
  deps: Deps,
  repository: string,
  changes: readonly Change[],
  seen: readonly SeenMarker[],
): Promise<{ outcome: 'recorded'; commits: number } | { outcome: 'duplicate' }> {
  try {
    const commits = await deps.store.recordPush({
      repository: repository.toLowerCase(),
      changes,
      recordedAt: toInstant(deps.clock.now()),
      seen,
    });
    return { outcome: 'recorded', commits };
  } catch (error) {
    if (FirewatchError.is(error, 'DUPLICATE')) return { outcome: 'duplicate' };
    throw error;
  }
}
