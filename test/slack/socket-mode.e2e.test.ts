import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/main.js';
import { FakeSlack } from '../support/fake-slack.js';
import { REPO } from '../support/harness.js';
import { FAST_RETRY } from '../support/slack-harness.js';
import { tempDir } from '../support/temp.js';

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
    const dir = tempDir();
    server = await startServer(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_APP_TOKEN: 'xapp-test-token',
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        DATABASE_URL: path.join(dir, 'firewatch.db'),
        RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
        POSTMORTEMS_DIR: path.join(dir, 'pm'),
      }),
      {
        logger: pino({ level: 'silent' }),
        worker: { pollMs: 25, retry: FAST_RETRY },
      },
    );
    const deadline = Date.now() + 10_000;
    while (!slack.socketConnected && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slack.callsOf('apps.connections.open')).toHaveLength(1);
    const ack = (await slack.deliver('slash_commands', {
      command: '/incident',
      text: 'declare sev3 service:database Replica lag',
      user_id: 'UALICE',
      channel_id: 'CGENERAL',
      team_id: 'T1',
      trigger_id: '1.1.a',
      response_url: `${slack.url}/response/1`,
    })) as { text: string; response_type: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('Declared INC-1');
    const settled = Date.now() + 10_000;
    while ((await server.core.store.outboxStats()).pending > 0 && Date.now() < settled)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slack.channelNamed('inc-1-replica-lag')?.pins.size).toBe(1);
  });
});
