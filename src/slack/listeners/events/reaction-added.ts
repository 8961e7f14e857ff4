import { toInstant } from '../../../domain/time.js';
import { addPinnedMessage } from '../../../usecases/add-note.js';
import type { SlackContext } from '../../context.js';
import { normalizeIncoming } from '../../mrkdwn.js';
import type { EventRoutes } from '../routes.js';

/** Slack message timestamps are seconds with microseconds: "1764168398.000200". */
export function slackTsToInstant(ts: string): string {
  return toInstant(new Date(Math.floor(Number(ts) * 1000)));
}

/**
 * A :pushpin: on a message in an incident channel puts that message on the timeline, with its own
 * author, time and permalink. Slack retries deliveries; the same event_id is handled once.
 */
export function reactionAdded(context: SlackContext): EventRoutes {
  return {
    reaction_added: async ({ event, body, client }) => {
      if (event.reaction !== 'pushpin' || event.item.type !== 'message') return;
      const { channel, ts } = event.item;
      const incident = await context.deps.store.findByRef('channel', channel);
      if (!incident) return;
      // A redelivery of an event already handled: drop it before asking Slack for the message. The
      // commit is what decides (it records the event id with the note), so a failed one is retried.
      if (await context.deps.store.seen({ source: 'slack-event', key: body.event_id })) return;
      try {
        const history = await client.conversations.history({
          channel,
          latest: ts,
          oldest: ts,
          inclusive: true,
          limit: 1,
        });
        let message = history.messages?.find((candidate) => candidate.ts === ts);
        if (!message) {
          // A reply in a thread is not in the channel's history.
          const replies = await client.conversations.replies({
            channel,
            ts,
            latest: ts,
            inclusive: true,
            limit: 1,
          });
          message = replies.messages?.find((candidate) => candidate.ts === ts);
        }
        if (!message) {
          context.logger.warn(
            { channel, ts },
            'slack: pinned message not found; nothing added to the timeline',
          );
          return;
        }
        const permalink = await client.chat
          .getPermalink({ channel, message_ts: ts })
          .then((result) => result.permalink)
          .catch(() => undefined);
        await addPinnedMessage(context.deps, {
          channel,
          messageId: ts,
          deliveryId: body.event_id,
          text: normalizeIncoming(message.text ?? '(no text)'),
          author: message.user ?? message.bot_id ?? event.item_user ?? event.user,
          postedAt: slackTsToInstant(ts),
          pinnedBy: event.user,
          ...(permalink ? { permalink } : {}),
        });
      } catch (error) {
        context.unexpected(error, { event: 'reaction_added', channel, ts });
      }
    },
  };
}
