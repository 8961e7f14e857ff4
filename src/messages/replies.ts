import type { FirewatchError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import type { Block, Inline, Message, Reply, Rich } from './model.js';

export function reply(summary: Rich, ...blocks: Block[]): Reply {
  return { message: { summary, blocks: blocks.length > 0 ? blocks : [{ type: 'text', text: summary }] } };
}

export function done(...parts: Inline[]): Reply {
  return reply(['✅ ', ...parts]);
}

/** After /incident private or public: what changed, and what Slack does not let a bot change. */
export function visibilityChanged(incident: Incident, channelPrivate: boolean): Reply {
  const channel = channelPrivate ? 'private' : 'public';
  const slack =
    `Its channel stays ${channel} in Slack: converting a channel between public and private is an ` +
    'Enterprise Grid admin API (admin.conversations.convertToPrivate / convertToPublic) that a bot ' +
    'token cannot call.';
  if (incident.private) {
    return reply(
      [`🔒 ${incident.id} is now private.`],
      {
        type: 'text',
        text: [
          `🔒 ${incident.id} is now private: only people in its channel see it in /incident list, stats and shift reports, and its announcement card is withdrawn.`,
        ],
      },
      {
        type: 'context',
        text: [
          channelPrivate
            ? `${slack} Remove anyone who should not see it from the channel.`
            : `${slack} Anyone can still find and join the channel: ask a workspace admin to change it to private in the channel's settings, or remove people who should not see it once it is.`,
        ],
      },
    );
  }
  return reply(
    [`${incident.id} is now public.`],
    {
      type: 'text',
      text: [
        `${incident.id} is now public: anyone sees it in /incident list, stats and shift reports, and it is announced.`,
      ],
    },
    {
      type: 'context',
      text: [
        channelPrivate
          ? `${slack} Invite people to it, or ask a workspace admin to change it to public in the channel's settings.`
          : slack,
      ],
    },
  );
}

/** A coded error, as the person who typed the command sees it: what was wrong, then what to do. */
export function errorMessage(error: FirewatchError): Message {
  const blocks: Block[] = [{ type: 'text', text: [`⚠️ ${error.message}`] }];
  if (error.hint) blocks.push({ type: 'context', text: [error.hint] });
  return { summary: [error.message], blocks };
}

/** Anything unexpected: never silence, and a reference that finds the log line. */
export function internalErrorMessage(ref: string): Message {
  return {
    summary: [`Something went wrong (ref ${ref}).`],
    blocks: [
      {
        type: 'text',
        text: [
          // Not "nothing was lost": the failure may have been the write itself, so say what to check.
          `⚠️ Something went wrong on our side (ref ${ref}), and your command may not have been recorded.`,
        ],
      },
      {
        type: 'context',
        text: [
          'Look at the incident channel (or /incident list) to see whether it was, then try again if not; if it keeps failing, give the ref to whoever runs Firewatch.',
        ],
      },
    ],
  };
}
