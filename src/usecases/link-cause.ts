import type { Deployment, IncidentCause } from '../domain/deployments.js';
import { FirewatchError, fail } from '../domain/errors.js';
import type { IncidentId } from '../domain/incident.js';
import { DAY, formatDuration, millis } from '../domain/time.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';
import { doraEnvironments } from './record-deployment.js';

export interface CauseRequest {
  incident?: IncidentId;
  /** `D-<n>` or a sha (prefix); `none` to remove the link. */
  deployment: string | 'none';
  note?: string;
}

/** The one deployment a `deploy:` reference names, or a refusal that says how to name it. */
export async function findDeployment(deps: Deps, ref: string): Promise<Deployment> {
  const found = await deps.store.deployments({ ref, status: 'success', limit: 2 });
  if (found.length === 1) return found[0]!;
  throw new FirewatchError(
    'DEPLOYMENT_NOT_FOUND',
    found.length === 0
      ? `No deployment has the id or sha "${ref}".`
      : `More than one deployment has a sha starting "${ref}".`,
    '`/incident deploys` lists recent deployments with their ids; give `deploy:D-12` or more of the sha.',
  );
}

/**
 * `/incident cause deploy:SHA|ID [NOTE…]`: the incident was caused by that deployment, which
 * becomes a failed deployment in the four keys. `cause none` removes the link. On the timeline and
 * the card, like every change.
 */
export async function linkCause(deps: Deps, request: CauseRequest, actor: Actor): Promise<Reply> {
  if (request.deployment === 'none') {
    const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) => {
      if (!current.cause) fail('NOTHING_TO_CHANGE', `${current.id} is not linked to a deployment.`);
      return [{ kind: 'cause_removed', previous: current.cause }];
    });
    return done(`${incident.id} is no longer linked to a deployment.`);
  }
  const deployment = await findDeployment(deps, request.deployment);
  const cause: IncidentCause = {
    deploymentId: deployment.id,
    sha: deployment.sha,
    service: deployment.service,
    finishedAt: deployment.finishedAt,
    ...(request.note ? { note: request.note } : {}),
  };
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current) => {
    if (current.cause?.deploymentId === deployment.id && current.cause.note === cause.note)
      fail('NOTHING_TO_CHANGE', `${current.id} is already linked to ${deployment.id}.`);
    return [{ kind: 'cause_linked', cause, ...(current.cause ? { previous: current.cause } : {}) }];
  });
  const production = doraEnvironments(deps).includes(deployment.environment);
  return done(
    `${incident.id} is linked to deployment ${deployment.id} of ${deployment.service} (${deployment.sha.slice(0, 7)})${production ? ': it counts as a failed deployment.' : `, a ${deployment.environment} deployment, which the four keys leave out.`}`,
  );
}

/**
 * The last production deployment of the service in the 24 hours before impact began, for the
 * declarer to consider ("was it this?"), or undefined.
 */
export async function suspectDeployment(
  deps: Deps,
  service: string,
  impactStartedAt: string,
): Promise<{ deployment: Deployment; before: string } | undefined> {
  const impact = millis(impactStartedAt);
  const [deployment] = await deps.store.deployments({
    service,
    environments: doraEnvironments(deps),
    status: 'success',
    since: new Date(impact - DAY).toISOString(),
    until: new Date(impact + 1).toISOString(),
    limit: 1,
  });
  if (!deployment) return undefined;
  return { deployment, before: formatDuration(impact - millis(deployment.finishedAt)) };
}
