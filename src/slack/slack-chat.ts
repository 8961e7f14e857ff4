import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { UserId } from '../domain/incident.js';
import { type Instant, millis } from '../domain/time.js';
import { EffectError } from '../effects/effect-error.js';
import type { ChatPort, PostOptions } from '../effects/ports.js';
import type { Message } from '../messages/model.js';
import { escapeSaid } from './mrkdwn.js';
import { renderMessage } from './render-blocks.js';
import { platformError, toEffectError } from './slack-errors.js';

type WebClient = webApi.WebClient;

/** Marks Firewatch's own posts, so a retry can find a post that did get through before a crash. */
export const METADATA_EVENT = 'firewatch_post';
/** How many more names to try when an incident channel's name is taken by someone else. */
const NAME_ATTEMPTS = 20;
/** Slack's clock and ours may differ a little; a channel made this soon before declaring is ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface SlackChatOptions {
  client: WebClient;
  botUserId: string;
  logger: Logger;
}

/** The longest channel topic Slack takes (conversations.setTopic: too_long above 250). */
const MAX_TOPIC = 250;

/** An escaped topic cut to Slack's limit, without leaving half an entity (`&am…`) or a mention. */
export function fitTopic(topic: string): string {
  if (topic.length <= MAX_TOPIC) return topic;
  let cut = topic.slice(0, MAX_TOPIC - 1);
  const open = Math.max(cut.lastIndexOf('&'), cut.lastIndexOf('<'));
  if (open >= 0 && !/[;>]/.test(cut.slice(open))) cut = cut.slice(0, open);
  return `${cut}…`;
}

/** The chat port on the Slack Web API: each call idempotent, each failure sorted into retry or give up. */
export class SlackChat implements ChatPort {
  private readonly client: WebClient;
  private readonly botUserId: string;
  private readonly logger: Logger;

  constructor(options: SlackChatOptions) {
    this.client = options.client;
    this.botUserId = options.botUserId;
    this.logger = options.logger;
  }

  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toEffectError(error, method);
    }
  }

  async createChannel(request: {
    name: string;
    private: boolean;
    createdAfter: Instant;
  }): Promise<{ id: string; name: string }> {
    for (let attempt = 1; attempt <= NAME_ATTEMPTS; attempt++) {
      const name =
        attempt === 1 ? request.name : `${request.name.slice(0, 80 - String(attempt).length - 1)}-${attempt}`;
      try {
        const created = await this.client.conversations.create({ name, is_private: request.private });
        return { id: created.channel!.id!, name: created.channel!.name ?? name };
      } catch (error) {
        if (platformError(error) !== 'name_taken') throw toEffectError(error, 'conversations.create');
        // A channel we created for this incident before a crash is adopted, not made twice.
        const existing = await this.findChannel(name, request.private);
        if (
          existing &&
          existing.creator === this.botUserId &&
          existing.created * 1000 >= millis(request.createdAfter) - CLOCK_SKEW_MS
        ) {
          this.logger.info(
            { channel: existing.id, name },
            'slack: adopting the incident channel created by an earlier attempt',
          );
          return { id: existing.id, name };
        }
      }
    }
    throw new EffectError(
      `conversations.create: ${request.name} and ${NAME_ATTEMPTS - 1} variants are all taken`,
      false,
    );
  }

  private async findChannel(
    name: string,
    isPrivate: boolean,
  ): Promise<{ id: string; creator?: string; created: number } | undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.call('conversations.list', () =>
        this.client.conversations.list({
          types: isPrivate ? 'private_channel' : 'public_channel',
          exclude_archived: true,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const found = page.channels?.find((channel) => channel.name === name);
      if (found?.id)
        return {
          id: found.id,
          ...(found.creator ? { creator: found.creator } : {}),
          created: found.created ?? 0,
        };
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return undefined;
  }

  async invite(channel: string, users: UserId[]): Promise<void> {
    for (const user of users) {
      if (user === this.botUserId) continue;
      try {
        await this.client.conversations.invite({ channel, users: user });
      } catch (error) {
        const reason = platformError(error);
        if (reason === 'already_in_channel' || reason === 'cant_invite_self') continue;
        if (
          reason === 'user_not_found' ||
          reason === 'user_is_restricted' ||
          reason === 'cant_invite' ||
          reason === 'user_is_ultra_restricted'
        ) {
          this.logger.warn(
            { channel, user, reason },
            'slack: could not invite someone; carrying on without them',
          );
          continue;
        }
        throw toEffectError(error, 'conversations.invite');
      }
    }
  }

  /**
   * Slack reads `<…>` in a topic as a mention or a link like in any message, so the topic is
   * escaped (user mentions kept): a title's `<!channel>` or `<https://evil.example|login>` is
   * shown as typed. Escaping lengthens it; it is cut again to Slack's 250, never inside an entity.
   */
  async setTopic(channel: string, topic: string): Promise<void> {
    const escaped = fitTopic(escapeSaid(topic));
    await this.call('conversations.setTopic', () =>
      this.client.conversations.setTopic({ channel, topic: escaped }),
    );
  }

  async post(
    channel: string,
    message: Message,
    options: PostOptions,
  ): Promise<{ ts: string; channel: string }> {
    if (options.retry) {
      const earlier = await this.findPost(channel, options.key);
      if (earlier) return earlier;
    }
    const rendered = renderMessage(message);
    const send = () =>
      this.client.chat.postMessage({
        channel,
        text: rendered.text,
        blocks: rendered.blocks as never,
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: METADATA_EVENT, event_payload: { key: options.key } },
      });
    try {
      const posted = await send();
      return { ts: posted.ts!, channel: posted.channel ?? channel };
    } catch (error) {
      if (platformError(error) !== 'not_in_channel') throw toEffectError(error, 'chat.postMessage');
      // The announcement channel: join it (public channels only) and post again.
      await this.call('conversations.join', () => this.client.conversations.join({ channel }));
      const posted = await this.call('chat.postMessage', send);
      return { ts: posted.ts!, channel: posted.channel ?? channel };
    }
  }

  /** A post of ours with this key among the channel's recent messages. */
  private async findPost(channel: string, key: string): Promise<{ ts: string; channel: string } | undefined> {
    try {
      const history = await this.client.conversations.history({
        channel,
        limit: 100,
        include_all_metadata: true,
      });
      const found = history.messages?.find((message) => {
        const metadata = (message as { metadata?: { event_type?: string; event_payload?: { key?: string } } })
          .metadata;
        return metadata?.event_type === METADATA_EVENT && metadata.event_payload?.key === key;
      });
      return found?.ts ? { ts: found.ts, channel } : undefined;
    } catch (error) {
      const reason = platformError(error);
      if (reason === 'channel_not_found' || reason === 'not_in_channel') return undefined;
      throw toEffectError(error, 'conversations.history');
    }
  }

  async update(channel: string, ts: string, message: Message): Promise<void> {
    const rendered = renderMessage(message);
    await this.call('chat.update', () =>
      this.client.chat.update({ channel, ts, text: rendered.text, blocks: rendered.blocks as never }),
    );
  }

  async pin(channel: string, ts: string): Promise<void> {
    try {
      await this.client.pins.add({ channel, timestamp: ts });
    } catch (error) {
      if (platformError(error) === 'already_pinned') return;
      throw toEffectError(error, 'pins.add');
    }
  }

  async directMessage(user: UserId, message: Message, options: PostOptions): Promise<void> {
    const opened = await this.call('conversations.open', () =>
      this.client.conversations.open({ users: user }),
    );
    await this.post(opened.channel!.id!, message, options);
  }

  async upload(
    channel: string,
    file: { filename: string; title: string; content: string; comment: string },
  ): Promise<void> {
    await this.call('files.uploadV2', () =>
      this.client.filesUploadV2({
        channel_id: channel,
        filename: file.filename,
        title: file.title,
        content: file.content,
        initial_comment: file.comment,
      }),
    );
  }

  mention(user: UserId): string {
    return `<@${user}>`;
  }
}
