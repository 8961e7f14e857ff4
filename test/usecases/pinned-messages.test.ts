import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.js';
import { addPinnedMessage, type PinnedMessage } from '../../src/usecases/add-note.js';
import { recordRefs } from '../../src/usecases/record-outcome.js';
import { failNextCommit } from '../support/failing-commit.js';
import { actor, run, testDeps, textOf } from '../support/harness.js';

const CHANNEL = 'C-INC-1';

async function declared() {
  const deps = testDeps();
  await run(deps, 'declare sev2 service:payments Card payments timing out');
  await recordRefs(deps, 'INC-1', { channel: CHANNEL });
  return deps;
}

function pin(extra: Partial<PinnedMessage> = {}): PinnedMessage {
  return {
    channel: CHANNEL,
    messageId: '1764166350.000200',
    text: 'Stripe confirms elevated latency',
    author: 'UCAROL',
    postedAt: '2026-11-26T14:12:30.000Z',
    pinnedBy: 'UBOB',
    deliveryId: 'Ev1',
    ...extra,
  };
}

async function pinnedNotes(deps: Awaited<ReturnType<typeof declared>>) {
  return (await deps.store.timeline('INC-1')).filter(
    (event) => event.kind === 'note_added' && event.source === 'pin',
  );
}

describe('a message pinned with :pushpin:', () => {
  it('becomes one note at the time it was posted, however often it is pinned or delivered', async () => {
    const deps = await declared();
    expect(await addPinnedMessage(deps, pin())).toBe(true);
    // Slack redelivers the event; someone else pins the same message.
    expect(await addPinnedMessage(deps, pin())).toBe(false);
    expect(await addPinnedMessage(deps, pin({ deliveryId: 'Ev2', pinnedBy: 'UERIN' }))).toBe(false);
    const notes = await pinnedNotes(deps);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      at: '2026-11-26T14:12:30.000Z',
      text: 'Stripe confirms elevated latency',
    });
    // Another message posted in the same second is another note.
    expect(await addPinnedMessage(deps, pin({ messageId: '1764166350.000300', deliveryId: 'Ev3' }))).toBe(
      true,
    );
    expect(await pinnedNotes(deps)).toHaveLength(2);
  });

  it('can be pinned again when the note’s commit failed', async () => {
    const deps = await declared();
    failNextCommit(deps.store);
    await expect(addPinnedMessage(deps, pin())).rejects.toThrow('disk I/O error');
    expect(await pinnedNotes(deps)).toHaveLength(0);
    // Slack retries the event, or the person pins it again: either is recorded now.
    expect(await addPinnedMessage(deps, pin())).toBe(true);
    expect(await pinnedNotes(deps)).toHaveLength(1);
  });

  it('outside an incident channel is nothing to Firewatch', async () => {
    const deps = await declared();
    expect(await addPinnedMessage(deps, pin({ channel: 'C-GENERAL' }))).toBe(false);
    expect(await pinnedNotes(deps)).toHaveLength(0);
  });
});

describe('a command whose commit fails', () => {
  it('is answered with a ref and without claiming that nothing was lost, and nothing of it is written', async () => {
    const deps = await declared();
    const refs: unknown[] = [];
    failNextCommit(deps.store);
    const outcome = await handleCommand(deps, 'note Stripe is back', actor('alice', CHANNEL), {
      unexpected: (error) => {
        refs.push(error);
        return 'r-1';
      },
    });
    expect(outcome).toMatchObject({ failed: true });
    if (!('reply' in outcome)) throw new Error('expected a reply');
    const text = textOf(outcome.reply);
    expect(text).toContain('ref r-1');
    expect(text).toContain('may not have been recorded');
    expect(text).not.toMatch(/nothing .*lost/i);
    expect(refs).toEqual([expect.objectContaining({ message: 'disk I/O error' })]);
    expect((await deps.store.timeline('INC-1')).map((event) => event.kind)).not.toContain('note_added');
  });
});
