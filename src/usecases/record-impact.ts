import { recordImpact } from '../domain/decisions.js';
import type { IncidentId } from '../domain/incident.js';
import type { TimeSpec } from '../domain/time.js';
import { budgetLine, formatShare, policyAsks } from '../messages/error-budget.js';
import type { Block, Reply } from '../messages/model.js';
import type { Actor, Deps } from './context.js';
import { budgetOfIncident } from './incident-budget.js';
import { changeTargetIncident } from './incident-change.js';
import { resolveTimeSpec } from './zoned-time.js';

export interface ImpactRequest {
  incident?: IncidentId;
  percent: number;
  slo?: string;
  segment?: { from: TimeSpec; to: TimeSpec };
}

/** `/incident impact`: records the share affected, and answers with what the incident has spent so far. */
export async function recordIncidentImpact(deps: Deps, request: ImpactRequest, actor: Actor): Promise<Reply> {
  const { incident } = await changeTargetIncident(deps, request.incident, actor, (current, now) => {
    const service = current.service ? deps.catalog.find(current.service) : undefined;
    const slos = (service?.slos ?? []).map((slo) => slo.name);
    const at = new Date(now);
    const segment = request.segment
      ? {
          from: resolveTimeSpec(request.segment.from, actor.zone, at),
          to: resolveTimeSpec(request.segment.to, actor.zone, at),
        }
      : {};
    return recordImpact(
      current,
      { percent: request.percent, ...(request.slo ? { slo: request.slo } : {}), ...segment },
      now,
      slos,
    );
  });
  const lines = await budgetOfIncident(deps, incident);
  const shown = request.slo ? lines.filter((line) => line.slo === request.slo) : lines;
  const blocks: Block[] = [
    {
      type: 'text',
      text: [
        `✅ Impact of ${incident.id} recorded: ${request.percent} % of traffic`,
        request.segment ? ' for that segment' : ' over the impact window',
        request.slo ? ` (SLO ${request.slo}).` : '.',
      ],
    },
  ];
  if (shown.length > 0) blocks.push({ type: 'list', items: shown.map(budgetLine) });
  else blocks.push({ type: 'context', text: ['Its service declares no SLOs, so no error budget is spent.'] });
  for (const ask of policyAsks(shown, deps.settings.errorBudgetPolicy))
    blocks.push({ type: 'text', text: [ask] });
  const first = shown.find((line) => line.spend.known);
  return {
    message: {
      summary: [
        `Impact of ${incident.id} recorded`,
        first?.spend.known ? `: ${formatShare(first.spend.spentShare)} of ${first.slo}'s budget` : '',
      ],
      blocks,
    },
  };
}
