import type { Logger } from 'pino';
import type { Deps } from '../domain/deps.js';
import type { Incident } from '../domain/incident.js';
import type { OutcomePort } from '../domain/outcomes.js';
import type { IncidentStore, Service } from '../domain/ports.js';
import type { ChatPort, Documents } from './ports.js';

/**
 * What effects read. The store is there to read only: an effect that learns something the incident
 * must keep reports it through `EffectContext.outcomes`, which commits it.
 */
export type EffectDeps = Omit<Deps, 'store'> & { store: Omit<IncidentStore, 'commit'> };

/** What carrying out an effect may use. */
export interface EffectContext {
  deps: EffectDeps;
  chat: ChatPort;
  documents: Documents;
  logger: Logger;
  /** The one way an effect writes on its incident (see domain/outcomes.ts). */
  outcomes: OutcomePort;
}

export function serviceOf(deps: EffectDeps, incident: Incident): Service | undefined {
  return incident.service ? deps.catalog.find(incident.service) : undefined;
}
