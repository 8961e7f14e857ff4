import type { UserId } from './incident.js';

/**
 * What the outside world must be told, recorded in the same transaction as the state change and run
 * later by the outbox worker, in order per incident. Effects name what to do, not how it looks:
 * messages are rendered from the incident and its timeline when the effect runs.
 */
export type Effect =
  | { type: 'channel.create' }
  | { type: 'channel.invite'; users: UserId[] }
  | { type: 'channel.topic' }
  /** Post the incident card in its channel and pin it. */
  | { type: 'card.post' }
  /** Post the living card in the announcement channel. */
  | { type: 'announce.post' }
  /** The incident became private: its announcement card no longer says anything about it. */
  | { type: 'announce.withdraw' }
  /** Refresh the channel card and the announcement card from the current incident. */
  | { type: 'cards.refresh' }
  /** Post the runbook of the incident's service in its channel. */
  | { type: 'runbook.post' }
  /** Tell the channel about one timeline event (status change, note, …). */
  | { type: 'event.post'; seq: number }
  /** Post the hand-off brief for a `handed_off` event, and message the new commander directly. */
  | { type: 'handoff.brief'; seq: number }
  | { type: 'page.trigger' }
  | { type: 'page.resolve' }
  /** Look up who is on call for the service and invite them. */
  | { type: 'oncall.invite' }
  /** Render the postmortem draft, write it to disk and upload it to the channel. */
  | { type: 'postmortem.publish'; requestedBy?: UserId };

/**
 * Effects run in order per incident within a lane. PagerDuty has its own lane, so that PagerDuty
 * being down never holds back what Slack should show, and Slack being down never delays a page.
 * Inviting the on-call needs both (the channel, and PagerDuty's answer), so it waits in a lane of
 * its own rather than hold up either.
 */
export type Lane = 'chat' | 'pager' | 'oncall';

export function laneOf(effect: Effect): Lane {
  if (effect.type === 'page.trigger' || effect.type === 'page.resolve') return 'pager';
  if (effect.type === 'oncall.invite') return 'oncall';
  return 'chat';
}
