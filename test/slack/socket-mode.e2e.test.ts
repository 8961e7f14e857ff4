import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main.js';
import { FakeSlack } from '../support/fake-slack.js';
import { socketConnected, startSocketMode } from '../support/slack-harness.js';

let server: RunningServer | undefined;
let slack: FakeSlack | undefined;
afterEach(async () => {
  await server?.stop();
  await slack?.stop();
});

describe('Socket Mode', () => {
  it('connects with the app token and runs /incident over the socket', async () => {
    slack = new FakeSlack();
    await slack.start();
    server = await startSocketMode(slack);
    await socketConnected(slack);
    expect(slack.callsOf('apps.connections.open')).toHaveLength(1);
    const ack = (await slack.deliverCommand('declare sev3 service:database Replica lag'))!;
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('Declared INC-1');
    const settled = Date.now() + 10_000;
    while ((await server.core.store.outboxStats()).pending > 0 && Date.now() < settled)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slack.channelNamed('inc-1-replica-lag')?.pins.size).toBe(1);
  });
});
