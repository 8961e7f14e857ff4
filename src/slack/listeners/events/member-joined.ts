import type { App } from '@slack/bolt';
import { recordParticipant } from '../../../usecases/add-participant.js';
import type { SlackContext } from '../../context.js';

/** Whoever joins an incident channel takes part in it, and so may see it if it is private. */
export function registerMemberJoined(app: App, context: SlackContext): void {
  app.event('member_joined_channel', async ({ event }) => {
    if (event.user === context.botUserId) return;
    try {
      await recordParticipant(context.deps, event.channel, event.user);
    } catch (error) {
      context.unexpected(error, { event: 'member_joined_channel', channel: event.channel });
    }
  });
}
