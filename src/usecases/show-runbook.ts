import { FirewatchError, fail } from '../domain/errors.js';
import type { IncidentId } from '../domain/incident.js';
import type { Service } from '../domain/ports.js';
import { requireService, runbookLink } from '../domain/service-catalog.js';
import type { Reply } from '../messages/model.js';
import { runbookMessage } from '../messages/runbook.js';
import type { Actor, Deps } from './context.js';
import { targetIncident } from './incident-change.js';

export async function showRunbook(
  deps: Deps,
  request: { incident?: IncidentId; service?: string },
  actor: Actor,
): Promise<Reply> {
  let service: Service;
  if (request.service) {
    service = requireService(deps.catalog, request.service);
  } else {
    const incident = await targetIncident(deps, request.incident, actor).catch((error: unknown) => {
      if (!FirewatchError.is(error, 'NO_INCIDENT_HERE')) throw error;
      const known = deps.catalog.services().map((candidate) => candidate.name);
      return fail(
        'USAGE',
        'Say which service, or ask in an incident channel.',
        `Usage: /incident runbook SERVICE${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`,
      );
    });
    if (!incident.service) {
      fail(
        'UNKNOWN_SERVICE',
        `${incident.id} has no service, so it has no runbook.`,
        'Name one: /incident runbook SERVICE',
      );
    }
    service = requireService(deps.catalog, incident.service);
  }
  return { message: runbookMessage(service, runbookLink(deps.settings.runbookBaseUrl, service)) };
}
