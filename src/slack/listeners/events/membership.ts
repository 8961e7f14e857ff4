import { recordDeparture, recordParticipant } from '../../../usecases/add-participant.js';
import type { SlackContext } from '../../context.js';
import type { EventArgs, EventRoutes } from '../routes.js';

/**
 * Membership of incident channels decides who may see a private incident. Whoever joins takes part;
 * whoever leaves (or is removed: Slack sends member_left_channel for both) loses sight of it.
 */
export function membership(context: SlackContext): EventRoutes {
  const recording =
    (record: typeof recordParticipant) =>
    async ({ event }: EventArgs<'member_joined_channel' | 'member_left_channel'>) => {
      const { user, channel } = event as { user?: string; channel?: string };
      if (!user || !channel || user === context.botUserId) return;
      try {
        await record(context.deps, channel, user);
      } catch (error) {
        context.unexpected(error, { event: event.type, channel });
      }
    };
  return {
    member_joined_channel: recording(recordParticipant),
    member_left_channel: recording(recordDeparture),
  };
}
