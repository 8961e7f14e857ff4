import { resolve } from '../domain/decisions.js';
import { durationsOf } from '../domain/durations.js';
import type { Incident, IncidentId } from '../domain/incident.js';
import { formatDuration } from '../domain/time.js';
import { budgetLine, policyAsks } from '../messages/error-budget.js';
import type { Block, Reply } from '../messages/model.js';
import { done } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { budgetOfIncident } from './incident-budget.js';
import { changeTargetIncident } from './incident-change.js';

/**
 * Resolved, by `resolve` or by `status resolved`: how long the impact lasted, what it cost each
 * SLO, what the error-budget policy asks, and the draft to come.
 */
export async function resolvedReply(deps: Deps, incident: Incident): Promise<Reply> {
  const ttr = durationsOf(incident.milestones).ttr;
  const reply = done(
    `${incident.id} is resolved`,
    ttr !== undefined ? ` after ${formatDuration(ttr)} of impact` : '',
    '. The postmortem draft is being written.',
  );
  const lines = await budgetOfIncident(deps, incident);
  if (lines.length === 0) return reply;
  const blocks: Block[] = [
    ...reply.message.blocks,
    { type: 'text', text: [{ bold: 'Error budget' }] },
    { type: 'list', items: lines.map(budgetLine) },
    ...policyAsks(lines, deps.settings.errorBudgetPolicy).map(
      (ask): Block => ({ type: 'text', text: [ask] }),
    ),
  ];
  return { ...reply, message: { ...reply.message, blocks } };
}

export async function resolveIncident(
  deps: Deps,
  request: { incident?: IncidentId; summary?: string },
  actor: Actor,
): Promise<Reply> {
  const { incident } = await changeTargetIncident(
    deps,
    request.incident,
    actor,
    (current) => resolve(current, request.summary),
    { change: 'resolve' },
  );
  return resolvedReply(deps, incident);
}
