import type { FirewatchError } from '../domain/errors.js';
import type { Block, Inline, Message, Reply, Rich } from './model.js';

export function reply(summary: Rich, ...blocks: Block[]): Reply {
  return { message: { summary, blocks: blocks.length > 0 ? blocks : [{ type: 'text', text: summary }] } };
}

export function done(...parts: Inline[]): Reply {
  return reply(['✅ ', ...parts]);
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
