import { fail } from '../domain/errors.js';
import type { OnCall } from '../domain/pager.js';
import type { Service } from '../domain/ports.js';
import { requireService } from '../domain/service-catalog.js';
import type { Reply } from '../messages/model.js';
import { type OnCallAnswer, onCallMessage } from '../messages/oncall.js';
import type { Actor, Deps } from './context.js';

export function notConfigured(): never {
  fail(
    'NOT_CONFIGURED',
    'PagerDuty is not configured, so I cannot tell who is on call.',
    'Set PAGERDUTY_TOKEN (and PAGERDUTY_FROM) for Firewatch, and give runbooks a pagerduty.escalation_policy_id.',
  );
}

async function withUsers(deps: Deps, people: OnCall[]) {
  return Promise.all(
    people.map(async (person) => {
      const user =
        person.email && deps.directory
          ? await deps.directory.findByEmail(person.email).catch(() => undefined)
          : undefined;
      return { ...person, ...(user ? { user } : {}) };
    }),
  );
}

/** Who is on call for each service (or one), now and next, from PagerDuty. */
export async function onCallAnswers(deps: Deps, services: readonly Service[]): Promise<OnCallAnswer[]> {
  const pager = deps.pager;
  if (!pager) notConfigured();
  return Promise.all(
    services.map(async (service): Promise<OnCallAnswer> => {
      const policy = service.pagerduty?.escalationPolicyId;
      if (!policy)
        return { service: service.name, problem: 'no pagerduty.escalation_policy_id in its runbook' };
      try {
        const { now, next } = await pager.onCall(policy);
        return { service: service.name, now: await withUsers(deps, now), next: await withUsers(deps, next) };
      } catch (error) {
        return { service: service.name, problem: `PagerDuty did not answer (${(error as Error).message})` };
      }
    }),
  );
}

export async function whoIsOnCall(deps: Deps, request: { service?: string }, _actor: Actor): Promise<Reply> {
  if (!deps.pager) notConfigured();
  const services = request.service
    ? [requireService(deps.catalog, request.service)]
    : deps.catalog.services();
  return { message: onCallMessage(await onCallAnswers(deps, services)) };
}
