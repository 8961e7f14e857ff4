import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main.js';
import { startChild } from '../support/child.js';
import { FakeSlack } from '../support/fake-slack.js';
import { REPO } from '../support/harness.js';
import {
  type Firewatch,
  SIGNING_SECRET,
  socketConnected,
  startFirewatch,
  startSocketMode,
} from '../support/slack-harness.js';
import { tempDir } from '../support/temp.js';

let firewatch: Firewatch | undefined;
let server: RunningServer | undefined;
let slack: FakeSlack | undefined;
afterEach(async () => {
  await firewatch?.stop();
  await server?.stop();
  await slack?.stop();
  firewatch = server = slack = undefined;
});

/** 100 slash commands of every kind a person types, most of them in the incidents they declare. */
function commands(): Array<{ text: string; channel?: string }> {
  const typed: Array<{ text: string; channel?: string }> = [];
  for (let i = 1; typed.length < 100; i++) {
    typed.push({ text: `declare sev3 service:payments Checkout errors ${i}` });
    typed.push({ text: 'help' });
    typed.push({ text: 'list' });
    typed.push({ text: `note INC-${i} retries are climbing` });
    typed.push({ text: `status INC-${i} identified` });
  }
  return typed.slice(0, 100);
}

async function fakeSlack(): Promise<FakeSlack> {
  slack = new FakeSlack();
  await slack.start();
  return slack;
}

describe('the bot token is checked once, at start', () => {
  it('HTTP mode: 100 slash commands, each answered, and no auth.test after the one at start', async () => {
    firewatch = await startFirewatch();
    expect(firewatch.slack.authTests).toBe(1);
    const answered: string[] = [];
    for (const { text } of commands()) {
      const ack = await firewatch.command(text);
      expect(ack.status, text).toBe(200);
      // An empty 200 is what Bolt answers when its authorization fails: every one must say something.
      answered.push((ack.json() as { text: string }).text);
    }
    expect(answered.filter((text) => text.length > 0)).toHaveLength(100);
    expect(answered.filter((text) => text.startsWith('Declared INC-'))).toHaveLength(20);
    expect(firewatch.slack.authTests).toBe(1);
  });

  it('Socket Mode: 100 slash commands over the socket, and no auth.test after the one at start', async () => {
    const slack = await fakeSlack();
    server = await startSocketMode(slack);
    await socketConnected(slack);
    expect(slack.authTests).toBe(1);
    for (const { text } of commands()) {
      const ack = await slack.deliverCommand(text);
      expect(ack?.text, text).toBeTruthy();
    }
    expect(slack.authTests).toBe(1);
    expect(slack.callsOf('apps.connections.open')).toHaveLength(1);
  });

  it('refuses to start with a token Slack does not accept, saying which and what to do (npm start)', async () => {
    const slack = await fakeSlack();
    const dir = tempDir();
    const child = startChild({
      SLACK_BOT_TOKEN: 'xoxb-not-the-right-one',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATABASE_URL: path.join(dir, 'firewatch.db'),
      RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    });
    child.process.stdin?.end();
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.output()).toContain(
      'Firewatch cannot start: Slack refused SLACK_BOT_TOKEN (invalid_auth). The token is mistyped, revoked, or its app was uninstalled.',
    );
    expect(child.output()).toContain('Bot User OAuth Token (xoxb-…)');
    expect(child.output()).not.toContain('not-the-right-one');
    expect(slack.authTests).toBe(1);
  }, 30_000);

  it('Socket Mode: refuses an app token Slack does not accept', async () => {
    const slack = await fakeSlack();
    const started = startSocketMode(slack, { SLACK_APP_TOKEN: 'xapp-not-the-right-one' });
    await expect(started).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('Slack refused SLACK_APP_TOKEN (invalid_auth)'),
      hint: expect.stringContaining('App-Level Tokens'),
    });
    expect(slack.authTests).toBe(1);
  });

  it('waits for Slack when it answers 503 at start, saying so, then starts and answers', async () => {
    const slack = await fakeSlack();
    slack.fail('auth.test', { status: 503 }, 2);
    const logs = new PassThrough();
    const lines: string[] = [];
    logs.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    firewatch = await startFirewatch({ slack, logs });
    expect(slack.authTests).toBe(3);
    const waits = lines
      .join('')
      .split('\n')
      .filter((line) => line.includes('trying auth.test again'));
    expect(waits).toEqual([
      expect.stringContaining(
        '(auth.test: Slack answered HTTP 503); trying auth.test again in 1 s (attempt 2)',
      ),
      expect.stringContaining('trying auth.test again in 2 s (attempt 3)'),
    ]);
    const ack = await firewatch.command('declare sev2 Checkout down');
    expect((ack.json() as { text: string }).text).toContain('Declared INC-1');
    expect(slack.authTests).toBe(3);
  });

  it('Socket Mode: waits for Slack when apps.connections.open answers 503 at start', async () => {
    const slack = await fakeSlack();
    slack.fail('apps.connections.open', { status: 503 });
    server = await startSocketMode(slack);
    await socketConnected(slack);
    expect(slack.callsOf('apps.connections.open')).toHaveLength(2);
    const ack = await slack.deliverCommand('help');
    expect(ack?.text).toBeTruthy();
    expect(slack.authTests).toBe(1);
  });
});
