import { afterEach, describe, expect, it } from 'vitest';
import { type Firewatch, startFirewatch } from '../support/slack-harness.js';

let firewatch: Firewatch | undefined;
afterEach(async () => {
  await firewatch?.stop();
  firewatch = undefined;
});

describe('two people at the same moment', () => {
  it('resolving: one wins, the other is told it already happened, and there is one postmortem', async () => {
    firewatch = await startFirewatch();
    await firewatch.command('declare sev2 service:payments Checkout errors');
    await firewatch.settle();
    const channel = firewatch.slack.channelNamed('inc-1-checkout-errors')!;
    const where = { channel: channel.id, channelName: channel.name };
    const answers = await Promise.all([
      firewatch.command('resolve Failed over', { ...where, user: 'UALICE' }),
      firewatch.command('resolve Rolled back', { ...where, user: 'UBOB' }),
      firewatch.command('status resolved', { ...where, user: 'UCAROL' }),
    ]);
    const texts = answers.map((answer) => (answer.json() as { text: string }).text);
    expect(texts.filter((text) => text.includes('INC-1 is resolved'))).toHaveLength(1);
    expect(texts.filter((text) => text.includes('INC-1 is already resolved'))).toHaveLength(2);
    await firewatch.settle();
    const timeline = await firewatch.server.core.store.timeline('INC-1');
    expect(timeline.filter((event) => event.kind === 'resolved')).toHaveLength(1);
    expect(timeline.filter((event) => event.kind === 'postmortem_generated')).toHaveLength(1);
    expect(channel.files).toHaveLength(1);
  });

  it('changing status in different ways: every change lands once, in the order it was taken', async () => {
    firewatch = await startFirewatch();
    await firewatch.command('declare sev3 Search slow');
    await firewatch.settle();
    const channel = firewatch.slack.channelNamed('inc-1-search-slow')!;
    const where = { channel: channel.id, channelName: channel.name };
    await Promise.all([
      firewatch.command('note one', where),
      firewatch.command('note two', where),
      firewatch.command('status identified', where),
      firewatch.command('sev 2', where),
      firewatch.command('update still going', where),
    ]);
    await firewatch.settle();
    const timeline = await firewatch.server.core.store.timeline('INC-1');
    expect(timeline.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(timeline.map((event) => event.kind))).toEqual(
      new Set(['declared', 'note_added', 'status_changed', 'severity_changed', 'update_posted']),
    );
    // The channel heard about each change once.
    const posts = channel.messages.slice(1).map((message) => message.text); // after the card
    expect(posts).toHaveLength(5);
  });
});
