import type { App } from '@slack/bolt';
import { recordDeparture, recordParticipant } from '../../../usecases/add-participant.js';
import type { SlackContext } from '../../context.js';

/**
 * Membership of incident channels decides who may see a private incident. Whoever joins takes part;
 * whoever leaves (or is removed: Slack sends member_left_channel for both) loses sight of it.
 */
export function registerMembership(app: App, context: SlackContext): void {
  app.event('member_joined_channel', async ({ event }) => {
    if (event.user === context.botUserId) return;
    try {
      await recordParticipant(context.deps, event.channel, event.user);
    } catch (error) {
      context.unexpected(error, { event: 'member_joined_channel', channel: event.channel });
    }
  });
  app.event('member_left_channel', async ({ event }) => {
    if (event.user === context.botUserId) return;
    try {
      await recordDeparture(context.deps, event.channel, event.user);
    } catch (error) {
      context.unexpected(error, { event: 'member_left_channel', channel: event.channel });
    }
  });
}
