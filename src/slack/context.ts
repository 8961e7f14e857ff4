import type { Logger } from 'pino';
import type { Message, Reply } from '../messages/model.js';
import type { Deps } from '../usecases/context.js';
import { renderMessage, type SlackMessage } from './render-blocks.js';
import type { SlackDirectory } from './slack-directory.js';

/** What the Slack listeners share. */
export interface SlackContext {
  deps: Deps;
  directory: SlackDirectory;
  /** The bot's own user id, to ignore its own joins and reactions. */
  botUserId: string;
  logger: Logger;
  /** Logs an unexpected error and returns the reference shown to the person. */
  unexpected(error: unknown, where: Record<string, unknown>): string;
}

/** Messages that are built once (help) are rendered once too. */
const renderings = new WeakMap<Message, SlackMessage>();

function renderOnce(message: Message): SlackMessage {
  let rendering = renderings.get(message);
  if (!rendering) {
    rendering = renderMessage(message);
    renderings.set(message, rendering);
  }
  return rendering;
}

/** What only the asker may see beside a public reply, as the body of a response_url post. */
export function asideBody(reply: Reply) {
  return reply.aside ? responseBody({ message: reply.aside }) : undefined;
}

/** A reply as the body of an ack or a response_url post. */
export function responseBody(reply: Reply) {
  const rendered = renderOnce(reply.message);
  return {
    response_type: reply.public ? ('in_channel' as const) : ('ephemeral' as const),
    text: rendered.text,
    blocks: rendered.blocks as never[],
  };
}

/**
 * The request a button click or a form submission came in, for the actor: recorded with the change
 * it makes, so that the same signed payload sent again (a replay, within Slack's five minutes)
 * changes nothing, on any replica. Slack gives every interaction its own `trigger_id`; a click
 * also has its `action_ts`. The user is part of the key, as the payload names them.
 */
export function interactionDelivery(
  kind: 'action' | 'view',
  body: { trigger_id?: unknown; user?: { id?: unknown } },
  actionTs?: string,
): { delivery?: string } {
  const trigger = typeof body.trigger_id === 'string' && body.trigger_id ? body.trigger_id : actionTs;
  const user = typeof body.user?.id === 'string' ? body.user.id : '';
  return trigger ? { delivery: `${kind}:${trigger}:${user}` } : {};
}
