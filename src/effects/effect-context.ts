import type { Logger } from 'pino';
import type { Deps } from '../domain/deps.js';
import type { Incident } from '../domain/incident.js';
import type { OutcomePort } from '../domain/outcomes.js';
import type { Service } from '../domain/ports.js';
import type { ChatPort, Documents } from './ports.js';

/** What carrying out an effect may use. */
export interface EffectContext {
  deps: Deps;
  chat: ChatPort;
  documents: Documents;
  logger: Logger;
  /** The one way an effect writes on its incident (see domain/outcomes.ts). */
  outcomes: OutcomePort;
}

export function serviceOf(deps: Deps, incident: Incident): Service | undefined {
  return incident.service ? deps.catalog.find(incident.service) : undefined;
}
