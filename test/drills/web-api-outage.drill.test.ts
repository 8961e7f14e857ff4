import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.js';
import { type Firewatch, startFirewatch } from '../support/slack-harness.js';

/** How long Slack's Web API is down in this drill (the length the issue that asked for it names). */
const OUTAGE_MS = 15_000;
/** Slack gives up on a slash command that is not acknowledged within 3 s. */
const SLACK_ACK_DEADLINE_MS = 3_000;

let firewatch: Firewatch | undefined;
let slack: FakeSlack | undefined;
afterEach(async () => {
  await firewatch?.stop();
  await slack?.stop();
  firewatch = slack = undefined;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('drill: Slack’s Web API answers 503 to everything for 15 s', () => {
  it('acknowledges every declaration meanwhile, records it, and opens its channel once Slack is back', async () => {
    slack = new FakeSlack();
    await slack.start();
    const announce = slack.createChannel('incidents', { members: [slack.botUserId] });
    // One person declaring for 15 s on end is this drill's load, not abuse: no rate limit.
    firewatch = await startFirewatch({
      slack,
      env: { INCIDENT_ANNOUNCE_CHANNEL: announce.id, DECLARE_RATE_LIMIT: 'off' },
    });
    expect(slack.authTests).toBe(1);

    slack.goDown(503);
    const down = Date.now();
    const titles: string[] = [];
    while (Date.now() - down < OUTAGE_MS - 1_000) {
      // Two people at a time, now and then.
      const batch = titles.length % 3 === 0 ? 2 : 1;
      const sent = Array.from({ length: batch }, () => {
        const title = `Checkout down ${titles.length + 1}`;
        titles.push(title);
        return title;
      });
      await Promise.all(
        sent.map(async (title) => {
          const started = performance.now();
          const ack = await firewatch!.command(`declare sev2 service:payments ${title}`);
          const waited = performance.now() - started;
          expect(ack.status, title).toBe(200);
          expect(waited, title).toBeLessThan(SLACK_ACK_DEADLINE_MS);
          const text = (ack.json() as { text: string }).text;
          expect(text, title).toMatch(/^Declared INC-\d+: Checkout down \d+$/);
          expect(JSON.stringify(ack.json()), title).toMatch(/Opening #inc-\d+-checkout-down-\d+/);
        }),
      );
      await pause(700);
    }
    expect(titles.length).toBeGreaterThanOrEqual(10);

    // Still down: every one is known to Firewatch, none has reached Slack.
    const listed = JSON.stringify((await firewatch.command('list')).json());
    for (let number = 1; number <= titles.length; number++) expect(listed).toContain(`INC-${number}`);
    const incidentChannels = () => [...slack!.channels.values()].filter((c) => c.name.startsWith('inc-'));
    expect(incidentChannels()).toEqual([]);
    expect(announce.messages).toEqual([]);
    while (Date.now() - down < OUTAGE_MS) await pause(100);

    slack.comeBack();
    await firewatch.settle(undefined, 60_000);

    const incidents = await firewatch.server.core.store.list({ viewer: 'UALICE' });
    expect(incidents.map((incident) => incident.title).sort()).toEqual([...titles].sort());
    expect(incidentChannels()).toHaveLength(titles.length);
    for (const incident of incidents) {
      const number = incident.number;
      const channel = slack.channelNamed(`inc-${number}-checkout-down-${incident.title.split(' ').at(-1)}`);
      expect(channel, incident.id).toBeDefined();
      const cards = channel!.messages.filter((message) => message.text.includes(`${incident.id} SEV2`));
      expect(cards, incident.id).toHaveLength(1);
      expect([...channel!.pins], incident.id).toEqual([cards[0]!.ts]);
      const announced = announce.messages.filter((message) => message.text.includes(`${incident.id} `));
      expect(announced, incident.id).toHaveLength(1);
    }
    expect(announce.messages).toHaveLength(titles.length);
    expect((await firewatch.server.core.store.outboxStats()).failed).toBe(0);
    // The outage never sent Firewatch back to auth.test: the one call at start is all there was.
    expect(slack.authTests).toBe(1);
    expect(slack.problems).toEqual([]);
  }, 120_000);

  it('started while Slack is down: waits, saying so, and takes requests once Slack is back', async () => {
    slack = new FakeSlack();
    await slack.start();
    slack.goDown(503);
    const logs = new PassThrough();
    const lines: string[] = [];
    logs.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    let started = false;
    const starting = startFirewatch({ slack, logs }).then((running) => {
      started = true;
      firewatch = running;
      return running;
    });
    await pause(2_500);
    expect(started).toBe(false);
    expect(slack.authTests).toBeGreaterThanOrEqual(2);
    expect(lines.join('')).toContain('trying auth.test again in 1 s');
    slack.comeBack();
    const running = await starting;
    const attempts = slack.authTests;
    const ack = await running.command('declare sev2 service:payments Checkout down');
    expect((ack.json() as { text: string }).text).toBe('Declared INC-1: Checkout down');
    await running.settle();
    expect(slack.channelNamed('inc-1-checkout-down')?.pins.size).toBe(1);
    expect(slack.authTests).toBe(attempts);
  }, 60_000);
});
