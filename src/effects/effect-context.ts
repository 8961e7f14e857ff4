import type { Logger } from 'pino';
import type { Incident } from '../domain/incident.js';
import type { OutcomePort } from '../domain/outcomes.js';
import type { Pager } from '../domain/pager.js';
import type { Clock, IncidentStore, Service, ServiceCatalog, UserDirectory } from '../domain/ports.js';
import type { ChatPort, Documents } from './ports.js';

/** The settings effects read. */
export interface EffectSettings {
  channelPrefix: string;
  /** Channel id (Slack) or name (console) for the living announcement cards. */
  announceChannel?: string;
  runbookBaseUrl?: string;
  /** A link that opens a channel, for pages and documents; absent where channels have no URL. */
  channelUrl?(channel: string): string;
  /** Reads a routing key from the environment variable a runbook names. */
  routingKey(envName: string): string | undefined;
}

/** What effects read: the store (read only: writes go through `outcomes`), the catalog, the pager. */
export interface EffectDeps {
  store: IncidentStore;
  clock: Clock;
  catalog: ServiceCatalog;
  settings: EffectSettings;
  pager?: Pager;
  directory?: UserDirectory;
}

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
