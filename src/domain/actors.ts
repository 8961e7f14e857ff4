import type { UserId } from './incident.js';

/** Actors that are not people. The `system:` prefix can never be a Slack id or a console name. */
export const FIREWATCH: UserId = 'system:firewatch';
export const PAGERDUTY: UserId = 'system:pagerduty';

export function isPerson(user: UserId): boolean {
  return !user.startsWith('system:');
}

/** How to name an actor that is not a person. */
export function systemName(user: UserId): string | undefined {
  if (user === FIREWATCH) return 'Firewatch';
  if (user === PAGERDUTY) return 'PagerDuty';
  return isPerson(user) ? undefined : user.slice('system:'.length);
}
