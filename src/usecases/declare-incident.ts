import { incidentChannelName } from '../domain/channel-name.js';
import { declare } from '../domain/decisions.js';
import { fail } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import type { Service } from '../domain/ports.js';
import { requireService, runbookLink } from '../domain/service-catalog.js';
import { DEFAULT_SEVERITY, type Severity } from '../domain/severity.js';
import { suspectLine } from '../messages/deployments.js';
import { SEVERITY_EMOJI } from '../messages/labels.js';
import type { Inline, Reply } from '../messages/model.js';
import type { Actor, Deps } from './context.js';
import { withDeclareSlot } from './declare-rate.js';
import { canPage } from './effects-policy.js';
import { createIncident, deliveryMarkers } from './incident-change.js';
import { suspectDeployment } from './link-cause.js';

export interface DeclareRequest {
  title: string;
  severity?: Severity;
  service?: string;
  private: boolean;
  description?: string;
}

export async function declareIncident(
  deps: Deps,
  request: DeclareRequest,
  actor: Actor,
): Promise<{ incident: Incident; reply: Reply }> {
  const title = request.title.trim();
  if (!title)
    fail(
      'USAGE',
      'An incident needs a title.',
      'Usage: /incident declare [sevN] [service:NAME] [private] TITLE…',
    );
  const service = request.service ? requireService(deps.catalog, request.service) : undefined;
  const severity = request.severity ?? DEFAULT_SEVERITY;
  const delivery = deliveryMarkers(actor);
  const { incident } = await withDeclareSlot(
    deps,
    { person: actor.user },
    (slot) =>
      createIncident(
        deps,
        actor.user,
        (number) =>
          declare({
            number,
            title,
            severity,
            ...(service ? { service: service.name } : {}),
            private: request.private,
            ...(request.description ? { description: request.description } : {}),
          }),
        { seen: [...delivery, ...slot] },
      ),
    async () => delivery.length > 0 && (await deps.store.seen(delivery[0]!)),
  );
  const suspect = service
    ? await suspectDeployment(deps, service.name, incident.milestones.impactStartedAt)
    : undefined;
  return { incident, reply: declaredReply(deps, incident, service, suspect) };
}

function declaredReply(
  deps: Deps,
  incident: Incident,
  service: Service | undefined,
  suspect: Awaited<ReturnType<typeof suspectDeployment>>,
): Reply {
  const channel = incidentChannelName(deps.settings.channelPrefix, incident.number, incident.title);
  const lines: Inline[][] = [[`You lead it for now; hand over with /incident assign commander @someone.`]];
  if (service) {
    const link = runbookLink(deps.settings.runbookBaseUrl, service);
    lines.push(['Runbook: ', link ? { link, text: service.runbook.title } : `runbooks/${service.file}`]);
  }
  if (deps.settings.pageSeverities.includes(incident.severity)) {
    if (!deps.pager) lines.push(['Nobody was paged: PagerDuty is not configured (set PAGERDUTY_TOKEN).']);
    else if (!service) lines.push(['Nobody was paged: name a service (service:NAME) to page its on-call.']);
    else if (!canPage(deps, service))
      lines.push([`Nobody was paged: the ${service.name} runbook has no pagerduty.routing_key_env.`]);
    else lines.push([`Paging the ${service.name} on-call through PagerDuty.`]);
  }
  if (suspect) lines.push(suspectLine(suspect.deployment, suspect.before));
  return {
    message: {
      summary: [`Declared ${incident.id}: `, { said: incident.title }],
      blocks: [
        {
          type: 'text',
          text: [
            `${SEVERITY_EMOJI[incident.severity]} Declared `,
            { bold: `${incident.id} ${incident.severity}` },
            incident.private ? ' (private)' : '',
            ': ',
            { said: incident.title },
            `. Opening #${channel}.`,
          ],
        },
        { type: 'list', items: lines },
      ],
    },
  };
}
