import { readRefs } from '../domain/refs.js';
import { toInstant } from '../domain/time.js';
import type { ListedIncident } from '../messages/lists.js';
import type { Reply } from '../messages/model.js';
import { shiftReportMessage } from '../messages/shift-report.js';
import type { Actor, Deps } from './context.js';
import { onCallAnswers } from './who-is-on-call.js';

/**
 * The end-of-shift report, posted for the channel to see. Everyone in the channel reads it, so it
 * holds public incidents only; the private ones the asker may see go to them alone, beside it.
 */
export async function shiftReport(deps: Deps, request: { window: number }, actor: Actor): Promise<Reply> {
  const now = deps.clock.now();
  const since = toInstant(new Date(now.getTime() - request.window));
  const incidents = await deps.store.list({ viewer: actor.user, activeSince: since, limit: 500 });
  const listed: ListedIncident[] = await Promise.all(
    incidents.map(async (incident) => {
      const { channel } = readRefs(await deps.store.refs(incident.id));
      return channel ? { incident, channel } : { incident };
    }),
  );
  const withPolicy = deps.catalog.services().filter((service) => service.pagerduty?.escalationPolicyId);
  const onCall = deps.pager ? await onCallAnswers(deps, withPolicy) : undefined;
  const report = { windowMs: request.window, since, now: toInstant(now) };
  const secret = listed.filter(({ incident }) => incident.private);
  return {
    public: true,
    message: shiftReportMessage({
      ...report,
      incidents: listed.filter(({ incident }) => !incident.private),
      ...(onCall ? { onCall } : {}),
    }),
    ...(secret.length > 0
      ? { aside: shiftReportMessage({ ...report, incidents: secret, privatePart: true }) }
      : {}),
  };
}
