import type { IncidentQuery } from '../domain/ports.js';
import { requireService } from '../domain/service-catalog.js';
import { toInstant } from '../domain/time.js';
import { fourKeysMessage } from '../messages/four-keys.js';
import type { Reply } from '../messages/model.js';
import { buildFourKeys, type FourKeys, weeklyFourKeys } from '../reports/four-keys.js';
import type { Actor, Deps } from './context.js';
import { doraEnvironments } from './record-deployment.js';

/** Whose view: a person's (private incidents only where they take part), or everything (the CLI). */
type Scope = Pick<IncidentQuery, 'viewer' | 'includePrivate'>;

export interface FourKeysRequest {
  /** The window, in milliseconds back from now. */
  window: number;
  service?: string;
  /** Leave out incidents recorded after the fact (`--live-only`). */
  liveOnly?: boolean;
}

/** The production deployments and the incidents of the window, as the scope may see them. */
async function gather(deps: Deps, request: FourKeysRequest, scope: Scope) {
  // A deployment whose repository no runbook lists is recorded under the repository's name, so a
  // name the catalog does not know is looked up as given.
  const known = request.service ? deps.catalog.find(request.service) : undefined;
  const service = request.service ? (known?.name ?? request.service.toLowerCase()) : undefined;
  if (request.service && !known) {
    const any = await deps.store.deployments({ service: request.service.toLowerCase(), limit: 1 });
    if (any.length === 0) requireService(deps.catalog, request.service);
  }
  const now = deps.clock.now();
  const from = toInstant(new Date(now.getTime() - request.window));
  const to = toInstant(now);
  const deployments = await deps.store.deployments({
    since: from,
    until: to,
    environments: doraEnvironments(deps),
    status: 'success',
    ...(service ? { service } : {}),
  });
  // Incidents a deployment caused are declared after it, so within the window too. Only those are
  // read: a window holds every incident, and a long one tens of thousands (`stats 365d`).
  const incidents = (await deps.store.reportRows({ ...scope, declaredSince: from, withCause: true })).filter(
    (row) => !(request.liveOnly && row.recorded),
  );
  return { from, to, service: service ?? null, deployments, incidents };
}

/** DORA's four keys over the window, for one service or all. */
export async function fourKeysReport(deps: Deps, request: FourKeysRequest, scope: Scope): Promise<FourKeys> {
  return buildFourKeys(await gather(deps, request, scope));
}

/**
 * The four keys over the window and in each ISO week (Monday to Sunday) of it, oldest first, from
 * one read: what a dashboard plots.
 */
export async function fourKeysByWeek(
  deps: Deps,
  request: FourKeysRequest,
  scope: Scope,
): Promise<{ overall: FourKeys; weeks: FourKeys[] }> {
  const gathered = await gather(deps, request, scope);
  return { overall: buildFourKeys(gathered), weeks: weeklyFourKeys(gathered) };
}

/** `/incident dora [WINDOW] [service:NAME]`. */
export async function incidentDora(deps: Deps, request: FourKeysRequest, actor: Actor): Promise<Reply> {
  const keys = await fourKeysReport(deps, request, { viewer: actor.user });
  return { message: fourKeysMessage(keys, request.window, { liveOnly: request.liveOnly === true }) };
}
