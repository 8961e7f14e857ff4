import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../support/fake-slack.js';
import { type Firewatch, startFirewatch } from '../support/slack-harness.js';

let firewatch: Firewatch | undefined;
afterEach(async () => {
  await firewatch?.stop();
  firewatch = undefined;
});

/** What each incident channel holds, by kind, in order. */
function transcript(slack: FakeSlack, name: string): string[] {
  const channel = slack.channelNamed(name);
  if (!channel) return [];
  return channel.messages.map((message) => message.text.slice(0, 40));
}

describe('Slack failing for a while', () => {
  it('keeps acknowledging commands, and delivers every effect once Slack is back, in order, exactly once', async () => {
    firewatch = await startFirewatch();
    const { slack } = firewatch;
    // The next 12 Web API calls answer 503, then a rate limit on posting.
    slack.fail('*', { status: 503 }, 12);
    slack.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    for (const title of ['Checkout down', 'Search slow', 'Login errors']) {
      const response = await firewatch.command(`declare sev3 service:payments ${title}`);
      expect(response.status).toBe(200);
      expect((response.json() as { text: string }).text).toContain('Declared');
    }
    await firewatch.settle(undefined, 20_000);
    for (const [number, slug] of [
      [1, 'checkout-down'],
      [2, 'search-slow'],
      [3, 'login-errors'],
    ] as const) {
      const name = `inc-${number}-${slug}`;
      const channel = slack.channelNamed(name)!;
      expect(channel, name).toBeDefined();
      expect(transcript(slack, name)).toEqual([
        expect.stringContaining(`INC-${number} SEV3 investigating`),
        expect.stringContaining('Payments runbook'),
      ]);
      expect(channel.pins.size).toBe(1);
      expect(channel.topic).toContain(`INC-${number}`);
      expect(channel.members.has('UALICE')).toBe(true);
    }
    expect(slack.callsOf('conversations.create').length).toBeGreaterThanOrEqual(3);
    expect([...slack.channels.values()].filter((channel) => channel.name.startsWith('inc-'))).toHaveLength(3);
    expect((await firewatch.server.core.store.outboxStats()).failed).toBe(0);
    expect(slack.problems).toEqual([]);
  });

  it('adopts what went through before a failed answer instead of doing it twice', async () => {
    firewatch = await startFirewatch();
    const { slack } = firewatch;
    // Slack does the work, then the answer is lost (a 503 after the fact).
    slack.fail('conversations.create', { status: 503, afterCall: true });
    slack.fail('chat.postMessage', { status: 503, afterCall: true });
    await firewatch.command('declare sev2 Payments failing');
    await firewatch.settle(undefined, 15_000);
    const channels = [...slack.channels.values()].filter((channel) => channel.name.startsWith('inc-1'));
    expect(channels.map((channel) => channel.name)).toEqual(['inc-1-payments-failing']);
    const cards = channels[0]!.messages.filter((message) => message.text.includes('INC-1 SEV2'));
    expect(cards).toHaveLength(1);
    expect(channels[0]!.pins.size).toBe(1);
    // It did go looking: the channel list for the name, the history for the post's key.
    expect(slack.callsOf('conversations.create')).toHaveLength(2);
    expect(slack.callsOf('conversations.list').length).toBeGreaterThan(0);
    expect(slack.callsOf('conversations.history').length).toBeGreaterThan(0);
  });

  it('takes the next free name when a person already has a channel by that name', async () => {
    firewatch = await startFirewatch();
    const { slack } = firewatch;
    slack.createChannel('inc-1-checkout-down', { creator: 'UHUMAN' });
    await firewatch.command('declare sev2 Checkout down');
    await firewatch.settle();
    const created = slack.channelNamed('inc-1-checkout-down-2');
    expect(created?.creator).toBe(slack.botUserId);
    expect(await firewatch.server.core.store.refs('INC-1')).toMatchObject({
      channel: created!.id,
      channelName: 'inc-1-checkout-down-2',
    });
    expect(slack.channelNamed('inc-1-checkout-down')!.messages).toEqual([]);
  });

  it('gives up on what Slack refuses for good, and carries on with the rest', async () => {
    firewatch = await startFirewatch();
    const { slack } = firewatch;
    slack.fail('conversations.setTopic', { error: 'restricted_action' });
    await firewatch.command('declare sev3 Topic refused');
    await firewatch.settle();
    const stats = await firewatch.server.core.store.outboxStats();
    expect(stats.failed).toBe(1);
    expect(slack.channelNamed('inc-1-topic-refused')!.messages.length).toBeGreaterThan(0);
  });
});
