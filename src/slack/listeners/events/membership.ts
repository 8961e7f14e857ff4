import type { App } from '@slack/bolt';
import { recordDeparture, recordParticipant } from '../../../usecases/add-participant.js';
import type { SlackContext } from '../../context.js';

/**
 * Membership of incident channels decides who may see a private incident. Whoever joins takes part;
 * whoever leaves (or is removed: Slack sends member_left_channel for both) loses sight of it.
 */
export function registerMembership(app: App, context: SlackContext): void {
  const handlers = {
    member_joined_channel: recordParticipant,
    member_left_channel: recordDeparture,
  } as const;
  for (const [name, record] of Object.entries(handlers)) {
    app.event(name, async ({ event }) => {
      const { user, channel } = event as { user?: string; channel?: string };
      if (!user || !channel || user === context.botUserId) return;
      try {
        await record(context.deps, channel, user);
      } catch (error) {
        context.unexpected(error, { event: name, channel });
      }
    });
  }
}
