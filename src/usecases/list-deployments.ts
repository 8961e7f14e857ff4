import { requireService } from '../domain/service-catalog.js';
import { toInstant } from '../domain/time.js';
import { deploymentsMessage } from '../messages/deployments.js';
import type { Reply } from '../messages/model.js';
import type { Actor, Deps } from './context.js';

export interface DeploysRequest {
  window: number;
  service?: string;
}

/**
 * `/incident deploys [SERVICE] [WINDOW]`: the recent deployments and failed attempts, newest first,
 * with sha, who, when, and the incidents each caused (as the person may see them).
 */
export async function listDeployments(deps: Deps, request: DeploysRequest, actor: Actor): Promise<Reply> {
  const known = request.service ? deps.catalog.find(request.service) : undefined;
  const service = request.service ? (known?.name ?? request.service.toLowerCase()) : undefined;
  const since = toInstant(new Date(deps.clock.now().getTime() - request.window));
  const deployments = await deps.store.deployments({ since, ...(service ? { service } : {}), limit: 20 });
  if (request.service && !known && deployments.length === 0) requireService(deps.catalog, request.service);
  const caused = new Map<string, string[]>();
  for (const row of await deps.store.reportRows({ viewer: actor.user, declaredSince: since })) {
    if (row.causedBy) caused.set(row.causedBy, [...(caused.get(row.causedBy) ?? []), row.id]);
  }
  return { message: deploymentsMessage(deployments, caused, { service, window: request.window }) };
}
