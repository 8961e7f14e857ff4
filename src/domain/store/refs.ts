import type { IncidentId } from '../incident.js';

/** Adapter bookkeeping tied to an incident (written by commits): its channel id, its card's message, … */
export interface RefIndex {
  refs(id: IncidentId): Promise<Record<string, string>>;
  findByRef(key: string, value: string): Promise<IncidentId | undefined>;
}
