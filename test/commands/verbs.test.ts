import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/grammar.js';
import { VERB_SPECS, verbNamed } from '../../src/commands/registry.js';
import { HELP_GROUPS, helpMessage } from '../../src/messages/help.js';
import { messageToPlain } from '../../src/slack/render-blocks.js';
import { textOf } from '../support/harness.js';

describe('every verb', () => {
  it.each(VERB_SPECS.map((spec) => [spec.name, spec] as const))(
    '%s has its usage, help and a parse table that parses',
    (name, spec) => {
      expect(spec.usage.startsWith(`/incident ${name}`)).toBe(true);
      expect(spec.help.trim().length).toBeGreaterThan(5);
      expect(HELP_GROUPS).toContain(spec.group);
      expect(spec.examples.length).toBeGreaterThan(0);
      for (const [text, command] of spec.examples) {
        expect(command.verb).toBe(name);
        const parsed = parseCommand(text);
        expect(parsed.ok ? parsed.command : parsed.error.message).toEqual(command);
      }
    },
  );

  it('is named by its name and its aliases, and no word names two verbs', () => {
    const words = VERB_SPECS.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])]);
    expect(new Set(words).size).toBe(words.length);
    for (const spec of VERB_SPECS) {
      for (const word of [spec.name, ...(spec.aliases ?? [])]) expect(verbNamed(word)).toBe(spec);
    }
  });

  it('is listed by help, under its group, with its usage', () => {
    const all = textOf({ message: helpMessage(VERB_SPECS) });
    for (const spec of VERB_SPECS) {
      expect(all).toContain(`${spec.usage} — ${spec.help}`);
      expect(messageToPlain(helpMessage(VERB_SPECS, spec.name))).toBe(spec.usage);
    }
  });

  it('takes an incident right after the verb when it acts on one (its parse table shows how), and only then', () => {
    for (const spec of VERB_SPECS) {
      const named = spec.examples.some(
        ([text, command]) => /^\S+ INC-\d+/.test(text) && 'incident' in command,
      );
      expect({ verb: spec.name, named }).toEqual({ verb: spec.name, named: spec.targetsIncident === true });
      if (spec.targetsIncident) continue;
      const parsed = parseCommand(`${spec.name} INC-7`);
      expect(parsed.ok && 'incident' in parsed.command).toBe(false);
    }
  });
});
