import { FirewatchError, fail } from '../domain/errors.js';
import { parseIncidentId } from '../domain/incident.js';
import { nearest } from '../domain/similarity.js';
import { Cursor, clip, type ParseOptions, tokenize, usageOf } from './cursor.js';
import { type Command, VERBS, verbNamed } from './registry.js';

export type { ParseOptions } from './cursor.js';
export type { Command, Verb } from './registry.js';

export type ParseResult = { ok: true; command: Command } | { ok: false; error: FirewatchError };

/** `/incident …` text (with or without the leading `/incident`) → a typed command, or a coded error. Never throws. */
export function parseCommand(input: string, options: ParseOptions = {}): ParseResult {
  try {
    const text = input.replace(/^\s*\/incident(?=\s|$)/i, '').trim();
    const tokens = tokenize(text);
    const first = tokens.shift()?.text.toLowerCase();
    if (!first) return { ok: true, command: { verb: 'help' } };
    const spec = verbNamed(first);
    if (!spec) {
      const suggestion = nearest(first, VERBS);
      fail(
        'UNKNOWN_COMMAND',
        `"${clip(first)}" is not an /incident command.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        suggestion ? usageOf(verbNamed(suggestion)!.usage) : 'See them all with /incident help',
      );
    }
    const cursor = new Cursor(text, tokens, spec.usage, options, (word) => verbNamed(word)?.name);
    const target: { incident?: string } = {};
    if (spec.targetsIncident) {
      const named = cursor.peek() ? parseIncidentId(cursor.peek()!) : undefined;
      if (named) {
        cursor.next();
        target.incident = named;
      }
    }
    return { ok: true, command: spec.parse(cursor, target) };
  } catch (error) {
    if (error instanceof FirewatchError) return { ok: false, error };
    throw error;
  }
}
