import { ACTIVE_STATUSES } from '../domain/lifecycle.js';
import { readRefs } from '../domain/refs.js';
import { toInstant } from '../domain/time.js';
import { type ListedIncident, openIncidentsMessage, recordedIncidentsMessage } from '../messages/lists.js';
import type { Reply } from '../messages/model.js';
import type { Actor, Deps } from './context.js';

/** Open incidents, newest first; private ones only for their participants. */
export async function listOpenIncidents(deps: Deps, actor: Actor): Promise<Reply> {
  const incidents = await deps.store.list({ viewer: actor.user, statuses: ACTIVE_STATUSES, limit: 100 });
  const listed: ListedIncident[] = await Promise.all(
    incidents.map(async (incident) => {
      const { channel } = readRefs(await deps.store.refs(incident.id));
      return channel ? { incident, channel } : { incident };
    }),
  );
  return { message: openIncidentsMessage(listed, toInstant(deps.clock.now())) };
}

/** Incidents recorded after the fact (`/incident record`, imports), newest first. */
export async function listRecordedIncidents(deps: Deps, actor: Actor): Promise<Reply> {
  const incidents = await deps.store.list({ viewer: actor.user, recorded: true, limit: 50 });
  return { message: recordedIncidentsMessage(incidents) };
}
