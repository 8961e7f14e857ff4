import { recordPastIncident } from '../domain/recorded.js';
import { requireService } from '../domain/service-catalog.js';
import { DEFAULT_SEVERITY, type Severity } from '../domain/severity.js';
import { between, formatDuration, type TimeSpec } from '../domain/time.js';
import { suspectLine } from '../messages/deployments.js';
import { SEVERITY_EMOJI } from '../messages/labels.js';
import type { Inline, Reply } from '../messages/model.js';
import type { Actor, Deps } from './context.js';
import { createIncident, deliveryMarkers } from './incident-change.js';
import { suspectDeployment } from './link-cause.js';
import { resolveTimeSpec } from './zoned-time.js';

export interface RecordRequest {
  title: string;
  severity?: Severity;
  service?: string;
  /** When impact began. */
  from: TimeSpec;
  /** When it was resolved. */
  to: TimeSpec;
}

/**
 * `/incident record [sevN] [service:NAME] TITLE… from:TIME to:TIME`: an incident that was over
 * before anyone declared it (handled by phone during a chat outage, found in a review) recorded as
 * resolved, with impact from `from` to `to`. No channel, no page, no announcement; the postmortem
 * draft is written as for any resolved incident. The person recording it leads it.
 */
export async function recordIncident(deps: Deps, request: RecordRequest, actor: Actor): Promise<Reply> {
  const service = request.service ? requireService(deps.catalog, request.service) : undefined;
  const severity = request.severity ?? DEFAULT_SEVERITY;
  const now = deps.clock.now();
  const impactStartedAt = resolveTimeSpec(request.from, actor.zone, now);
  const resolvedAt = resolveTimeSpec(request.to, actor.zone, now);
  const { incident } = await createIncident(
    deps,
    actor.user,
    (number, at) =>
      recordPastIncident(
        number,
        {
          title: request.title.trim(),
          severity,
          ...(service ? { service: service.name } : {}),
          via: 'record',
          impactStartedAt,
          resolvedAt,
          commander: actor.user,
        },
        at,
      ),
    { seen: deliveryMarkers(actor) },
  );
  const suspect = service ? await suspectDeployment(deps, service.name, impactStartedAt) : undefined;
  const next: Inline[][] = [
    [
      'Correct what else is known with ',
      { code: `/incident set ${incident.id} detected|acknowledged|mitigated TIME` },
      '.',
    ],
  ];
  if (suspect) {
    next.push(suspectLine(suspect.deployment, suspect.before, incident.id));
  } else {
    next.push(['If a deployment caused it: ', { code: `/incident cause ${incident.id} deploy:SHA` }, '.']);
  }
  return {
    message: {
      summary: [`Recorded ${incident.id} after the fact: `, { said: incident.title }],
      blocks: [
        {
          type: 'text',
          text: [
            `${SEVERITY_EMOJI[incident.severity]} Recorded `,
            { bold: `${incident.id} ${incident.severity}` },
            service ? ` on ${service.name}` : '',
            ' after the fact: ',
            { said: incident.title },
            '. Impact from ',
            { date: impactStartedAt },
            ' to ',
            { date: resolvedAt },
            ` (${formatDuration(between(impactStartedAt, resolvedAt))}), resolved.`,
          ],
        },
        {
          type: 'context',
          text: [
            'No channel, no page, no announcement. Its postmortem draft is being written to the postmortems folder; reports count it as recorded after the fact (leave such incidents out with live-only).',
          ],
        },
        { type: 'list', items: next },
      ],
    },
  };
}
