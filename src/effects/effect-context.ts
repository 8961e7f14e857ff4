import type { Logger } from 'pino';
import { FIREWATCH } from '../domain/actors.js';
import type { Incident, IncidentId } from '../domain/incident.js';
import type { Service } from '../domain/ports.js';
import type { Deps } from '../usecases/context.js';
import { changeIncident } from '../usecases/incident-change.js';
import type { ChatPort, Documents } from './ports.js';

/** What carrying out an effect may use. */
export interface EffectContext {
  deps: Deps;
  chat: ChatPort;
  documents: Documents;
  logger: Logger;
}

export function serviceOf(deps: Deps, incident: Incident): Service | undefined {
  return incident.service ? deps.catalog.find(incident.service) : undefined;
}

/** What an effect learnt from the outside (the channel's id, the card's ts), written through the one commit. */
export async function recordRefs(
  deps: Deps,
  id: IncidentId,
  refs: Readonly<Record<string, string>>,
): Promise<void> {
  await changeIncident(deps, id, FIREWATCH, () => [], { refs });
}
