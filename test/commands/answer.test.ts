import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answer } from '../../src/commands/answer.js';
import { handleCommand } from '../../src/commands/router.js';
import { FirewatchError } from '../../src/domain/errors.js';
import { notFound } from '../../src/usecases/incident-change.js';
import { actor, REPO, testDeps, textOf } from '../support/harness.js';

describe('the one answer path', () => {
  it('passes a success through, untouched and not failed', async () => {
    const reply = { message: { summary: ['ok'], blocks: [] } };
    expect(
      await answer(
        async () => ({ reply }),
        () => 'never',
      ),
    ).toEqual({ reply });
  });

  it('turns a refusal into its words and its hint', async () => {
    const answered = await answer(
      async () => {
        throw new FirewatchError('INVALID_TRANSITION', 'INC-1 is resolved.', 'Reopen it first.');
      },
      () => 'never',
    );
    expect(answered.failed).toBe(true);
    expect(textOf(answered.reply)).toBe('⚠️ INC-1 is resolved.\nReopen it first.');
  });

  it('logs anything unexpected and shows its reference', async () => {
    const logged: unknown[] = [];
    const answered = await answer(
      async () => {
        throw new Error('disk on fire');
      },
      (error) => {
        logged.push(error);
        return 'ref42';
      },
    );
    expect(answered.failed).toBe(true);
    expect(textOf(answered.reply)).toContain('Something went wrong on our side (ref ref42)');
    expect(logged).toEqual([new Error('disk on fire')]);
  });

  it('gives a text command and a button the same words for the same refusal', async () => {
    const deps = testDeps();
    const typed = await handleCommand(deps, 'close INC-9', actor(), { unexpected: () => 'never' });
    const clicked = await answer(
      () => Promise.reject(notFound('INC-9')),
      () => 'never',
    );
    if (!typed.failed) throw new Error(`expected a refusal, got ${JSON.stringify(typed)}`);
    expect(textOf(typed.reply)).toBe(textOf(clicked.reply));
    expect(textOf(typed.reply)).toContain('There is no incident INC-9 you can see.');
  });

  it('is the only place that words refusals and unexpected errors', () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? files(full) : [full];
      });
    const wording = files(path.join(REPO, 'src'))
      .filter((file) => /\b(errorMessage|internalErrorMessage)\b/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(REPO, file));
    expect(wording.sort()).toEqual(['src/commands/answer.ts', 'src/messages/replies.ts']);
  });
});
