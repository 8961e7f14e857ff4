import { FIREWATCH, PAGERDUTY } from '../domain/actors.js';
import type { Incident, IncidentId, UserId } from '../domain/incident.js';
import type { EffectOutcome, OutcomePort } from '../domain/outcomes.js';
import { type IncidentRefs, writeRefs } from '../domain/refs.js';
import type { Deps } from './context.js';
import { changeIncident, type Decided } from './incident-change.js';

/**
 * What an effect reported, written on its incident through the one atomic commit: the timeline
 * entry it implies, the refs it learnt, and any effect that follows (a card refresh).
 */
export async function recordEffectOutcome(deps: Deps, id: IncidentId, outcome: EffectOutcome): Promise<void> {
  switch (outcome.kind) {
    case 'refs':
      return recordRefs(deps, id, outcome.refs);
    case 'paged':
      return record(deps, id, PAGERDUTY, () => [
        { kind: 'paged', service: outcome.service, dedupKey: outcome.dedupKey },
      ]);
    case 'page_resolved':
      return record(deps, id, PAGERDUTY, () => [{ kind: 'page_resolved', service: outcome.service }]);
    case 'page_failed':
      return record(deps, id, FIREWATCH, (incident) => [
        { kind: 'page_failed', service: incident.service ?? 'unknown', error: outcome.error },
      ]);
    case 'oncall_joined':
      await changeIncident(
        deps,
        id,
        PAGERDUTY,
        () =>
          outcome.users.map((user) => ({
            kind: 'participant_added' as const,
            user,
            reason: 'oncall' as const,
          })),
        outcome.onCall
          ? { effects: [{ type: 'cards.refresh' }], refs: writeRefs({ oncall: outcome.onCall }) }
          : {},
      );
      return;
    case 'postmortem_written':
      return record(deps, id, outcome.requestedBy ?? FIREWATCH, () => [
        {
          kind: 'postmortem_generated',
          path: outcome.path,
          fallback: outcome.fallback,
          ...(outcome.p0Required ? { p0Required: true } : {}),
        },
      ]);
  }
}

/** Refs learnt from outside (the channel's id, the card's message), written with no event. */
export async function recordRefs(deps: Deps, id: IncidentId, refs: IncidentRefs): Promise<void> {
  await changeIncident(deps, id, FIREWATCH, () => [], { refs: writeRefs(refs) });
}

async function record(
  deps: Deps,
  id: IncidentId,
  actor: UserId,
  decide: (incident: Incident) => Decided[],
): Promise<void> {
  await changeIncident(deps, id, actor, decide);
}

/** The outcome port the outbox worker's effects write through. */
export function effectOutcomes(deps: Deps): OutcomePort {
  return { record: (id, outcome) => recordEffectOutcome(deps, id, outcome) };
}
