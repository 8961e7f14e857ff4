import type { Logger } from 'pino';
import type { Incident } from '../domain/incident.js';
import type { Service } from '../domain/ports.js';
import type { Deps } from '../usecases/context.js';
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
