import { changeSeverity } from '../domain/decisions.js';
import type { IncidentId } from '../domain/incident.js';
import type { Severity } from '../domain/severity.js';
import { SEVERITY_EMOJI } from '../messages/labels.js';
import type { Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { changeTargetIncident } from './incident-change.js';

export async function changeIncidentSeverity(
  deps: Deps,
  request: { incident?: IncidentId; severity: Severity; reason?: string },
  actor: Actor,
): Promise<Reply> {
  const { incident, events } = await changeTargetIncident(
    deps,
    request.incident,
    actor,
    (current) => changeSeverity(current, request.severity, request.reason),
    { change: 'severity' },
  );
  const from = events[0]?.kind === 'severity_changed' ? events[0].from : undefined;
  return done(
    `${incident.id} is now `,
    { bold: `${SEVERITY_EMOJI[incident.severity]} ${incident.severity}` },
    from ? ` (was ${from}).` : '.',
  );
}
