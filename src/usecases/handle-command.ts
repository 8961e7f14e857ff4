import { type ParseOptions, type ParseResult, parseCommand } from '../commands/grammar.js';
import { FirewatchError } from '../domain/errors.js';
import { errorMessage, internalErrorMessage } from '../messages/replies.js';
import type { Actor, Deps } from './context.js';
import { type Outcome, runCommand } from './run-command.js';

export interface HandleOptions {
  parse?: ParseOptions;
  /** Logs an unexpected error and returns the reference the person is shown. */
  unexpected(error: unknown): string;
}

/**
 * `/incident …` text in, an answer out: parsed, run, and every failure turned into words for the
 * person who typed it. Never throws; nothing is written when the command is refused.
 */
export async function handleCommand(
  deps: Deps,
  text: string | ParseResult,
  actor: Actor,
  options: HandleOptions,
): Promise<Outcome & { failed?: boolean }> {
  // A caller that already parsed the text (to decide how to answer) passes the result.
  const parsed = typeof text === 'string' ? parseCommand(text, options.parse) : text;
  if (!parsed.ok) return { reply: { message: errorMessage(parsed.error) }, failed: true };
  try {
    return await runCommand(deps, parsed.command, actor);
  } catch (error) {
    if (error instanceof FirewatchError) return { reply: { message: errorMessage(error) }, failed: true };
    return { reply: { message: internalErrorMessage(options.unexpected(error)) }, failed: true };
  }
}
