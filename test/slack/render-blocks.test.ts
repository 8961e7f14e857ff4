import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block, Inline, Message } from '../../src/messages/model.js';
import { escapeMrkdwn, escapeSaid, markdownToMrkdwn, normalizeIncoming } from '../../src/slack/mrkdwn.js';
import { renderMessage } from '../../src/slack/render-blocks.js';
import { fitTopic } from '../../src/slack/slack-chat.js';
import { blockKitProblems } from '../support/block-kit-check.js';

describe('mrkdwn escaping', () => {
  it('escapes the three control characters', () => {
    expect(escapeMrkdwn('db <down> & <!channel>')).toBe('db &lt;down&gt; &amp; &lt;!channel&gt;');
  });

  it('keeps user mentions in what people wrote, and nothing else', () => {
    expect(escapeSaid('ask <@U123ABC> about <!here> and <https://x>')).toBe(
      'ask <@U123ABC> about &lt;!here&gt; and &lt;https://x&gt;',
    );
  });

  it('stores incoming Slack text with user mentions only, everything else plain', () => {
    expect(
      normalizeIncoming(
        'db down <!channel> <!here|here> <@U1ABC|bob> <#C1|ops> <https://ex.com|the graph> <mailto:a@b.c> <!subteam^S1|@sre> a &lt;b&gt; &amp; c',
      ),
    ).toBe('db down @channel @here <@U1ABC> #ops the graph (https://ex.com) mailto:a@b.c @sre a <b> & c');
  });

  it('turns markdown into mrkdwn', () => {
    expect(
      markdownToMrkdwn(
        '## First checks\n1. **Is it us?** Open *the graph* at [Grafana](https://g.example.com)\n- a <b>\n```\nx < y\n```',
      ),
    ).toBe(
      '*First checks*\n1. *Is it us?* Open _the graph_ at <https://g.example.com|Grafana>\n• a &lt;b&gt;\n```\nx &lt; y\n```',
    );
    expect(markdownToMrkdwn('[bad](javascript:alert(1))')).toBe('[bad](javascript:alert(1))');
  });
});

describe('Block Kit rendering', () => {
  const inline: fc.Arbitrary<Inline> = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.record({ said: fc.string({ unit: 'grapheme', maxLength: 6000 }) }),
    fc.record({ user: fc.constantFrom('U123', 'alice', '<!channel>') }),
    fc.record({ channel: fc.constantFrom('C123', 'inc-1-x') }),
    fc.record({
      date: fc.constant('2026-11-26T14:00:00.000Z'),
      format: fc.constantFrom('datetime' as const, 'time' as const, 'date' as const),
    }),
    fc.record({
      link: fc.constantFrom('https://example.com/a', 'javascript:alert(1)', 'https://example.com/|x'),
      text: fc.string({ maxLength: 100 }),
    }),
    fc.record({ bold: fc.string({ maxLength: 200 }) }),
    fc.record({ code: fc.string({ maxLength: 200 }) }),
  );
  const rich = fc.array(inline, { maxLength: 6 });
  const block: fc.Arbitrary<Block> = fc.oneof(
    fc.record({ type: fc.constant('header' as const), text: fc.string({ maxLength: 400 }) }),
    fc.record({ type: fc.constant('text' as const), text: rich }),
    fc.record({
      type: fc.constant('fields' as const),
      fields: fc.array(fc.record({ label: fc.string({ minLength: 1, maxLength: 60 }), value: rich }), {
        maxLength: 14,
      }),
    }),
    fc.record({
      type: fc.constant('list' as const),
      items: fc.array(rich, { maxLength: 40 }),
      empty: fc.constant('none'),
    }),
    fc.record({ type: fc.constant('context' as const), text: rich }),
    fc.record({ type: fc.constant('divider' as const) }),
    fc.record({
      type: fc.constant('buttons' as const),
      buttons: fc
        .array(
          fc.record({
            action: fc.constantFrom('take_command' as const, 'resolve' as const),
            label: fc.string({ minLength: 1, maxLength: 120 }),
            value: fc.string({ maxLength: 3000 }),
          }),
          { maxLength: 3 },
        )
        .map((buttons) =>
          buttons.filter(
            (button, index, all) => all.findIndex((other) => other.action === button.action) === index,
          ),
        ),
    }),
    fc.record({
      type: fc.constant('links' as const),
      links: fc.array(
        fc.record({
          text: fc.string({ minLength: 1, maxLength: 120 }),
          url: fc.constantFrom('https://grafana.example.com/d/x', 'ftp://nope'),
        }),
        { maxLength: 30 },
      ),
    }),
    fc.record({
      type: fc.constant('table' as const),
      columns: fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 5 }),
      rows: fc.array(fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }), { maxLength: 200 }),
    }),
    fc.record({ type: fc.constant('markdown' as const), text: fc.string({ maxLength: 9000 }) }),
  );
  const message: fc.Arbitrary<Message> = fc.record({
    summary: rich,
    blocks: fc.array(block, { maxLength: 70 }),
  });

  it('keeps any message inside Block Kit’s limits, with no mass mention, by construction', () => {
    fc.assert(
      fc.property(message, (input) => {
        const rendered = renderMessage(input);
        expect(blockKitProblems(rendered, 'rendered')).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('cuts, with an ellipsis, what would not fit', () => {
    const rendered = renderMessage({
      summary: ['x'.repeat(5000)],
      blocks: [
        { type: 'header', text: 'h'.repeat(200) },
        { type: 'text', text: [{ said: 'y'.repeat(20_000) }] },
      ],
    });
    expect(rendered.text.length).toBeLessThanOrEqual(3000);
    expect(rendered.text.endsWith('…')).toBe(true);
    expect((rendered.blocks[0] as { text: { text: string } }).text.text).toHaveLength(150);
    expect(JSON.stringify(rendered.blocks)).toContain('cut to fit in one Slack message');
  });

  it('shows dates in each reader’s zone, with a UTC fallback', () => {
    const rendered = renderMessage({
      summary: ['x'],
      blocks: [{ type: 'text', text: [{ date: '2026-11-26T14:02:00.000Z' }] }],
    });
    expect(JSON.stringify(rendered.blocks)).toContain(
      '<!date^1795701720^{date_short_pretty} {time}|2026-11-26 14:02 UTC>',
    );
  });
});

describe('channel topics', () => {
  it('are cut to Slack’s 250 characters after escaping, never inside an entity', () => {
    const topic = fitTopic(escapeSaid(`${'x'.repeat(247)}&b`));
    expect(topic).toBe(`${'x'.repeat(247)}…`);
    expect(fitTopic('short &amp; sweet')).toBe('short &amp; sweet');
    expect(fitTopic(`${'y'.repeat(300)}`)).toHaveLength(250);
  });
});
