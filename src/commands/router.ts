import type { Actor, Deps } from '../usecases/context.js';
import { type Answer, answer, refused, type Unexpected } from './answer.js';
import { type ParseOptions, type ParseResult, parseCommand } from './grammar.js';
import { type Command, specOf, VERB_INFO } from './registry.js';
import type { Outcome } from './verb.js';

export type { Outcome } from './verb.js';

/** Every /incident command, from Slack or the console, runs through here: to its verb's use case. */
export function runCommand(deps: Deps, command: Command, actor: Actor): Promise<Outcome> {
  return specOf(command).run(command, { deps, actor, verbs: VERB_INFO });
}

export interface HandleOptions {
  parse?: ParseOptions;
  /** Logs an unexpected error and returns the reference the person is shown. */
  unexpected: Unexpected;
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
): Promise<Answer<Outcome>> {
  // A caller that already parsed the text (to decide how to answer) passes the result.
  const parsed = typeof text === 'string' ? parseCommand(text, options.parse) : text;
  if (!parsed.ok) return refused(parsed.error);
  return answer(() => runCommand(deps, parsed.command, actor), options.unexpected);
}
