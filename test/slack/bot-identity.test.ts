import { webApi } from '@slack/bolt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { identifyBot, untilSlackAnswers } from '../../src/slack/bot-identity.js';
import { FakeSlack } from '../support/fake-slack.js';

let slack: FakeSlack | undefined;
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});

async function fakeSlack(): Promise<FakeSlack> {
  slack = new FakeSlack();
  await slack.start();
  return slack;
}

/** auth.test against the fake Slack, with the waits recorded instead of slept and the log kept. */
function identify(token: string, apiUrl: string, options: { stopAfterWaits?: number } = {}) {
  const waits: number[] = [];
  const lines: Array<{ msg: string; retryInMs?: number }> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as { msg: string }) },
  );
  const client = new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const result = identifyBot(client, {
    logger,
    apiUrl,
    wait: async (ms) => {
      waits.push(ms);
      if (waits.length === options.stopAfterWaits) throw new Error('the test stops waiting here');
    },
  });
  return { result, waits, lines };
}

describe('who the bot is, asked of Slack once at start', () => {
  it('answers with the bot user id and bot id from one auth.test', async () => {
    const slack = await fakeSlack();
    const { result, waits } = identify('xoxb-test-token', slack.apiUrl);
    await expect(result).resolves.toEqual({ userId: slack.botUserId, botId: 'BBOT' });
    expect(slack.authTests).toBe(1);
    expect(waits).toEqual([]);
  });

  it('refuses a token Slack does not accept, saying what to do and never showing it', async () => {
    const slack = await fakeSlack();
    const { result, waits } = identify('xoxb-mistyped-secret', slack.apiUrl);
    const refusal = await result.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('Slack refused SLACK_BOT_TOKEN (invalid_auth)'),
      hint: expect.stringContaining('Bot User OAuth Token (xoxb-…)'),
    });
    expect(JSON.stringify(refusal)).not.toContain('mistyped-secret');
    expect(String((refusal as Error).message)).not.toContain('mistyped-secret');
    // For good: asked once, not again.
    expect(slack.authTests).toBe(1);
    expect(waits).toEqual([]);
  });

  it.each(['token_revoked', 'account_inactive', 'not_authed'])(
    'refuses a token Slack answers %s for',
    async (reason) => {
      const slack = await fakeSlack();
      slack.fail('auth.test', { error: reason });
      const { result } = identify('xoxb-test-token', slack.apiUrl);
      await expect(result).rejects.toMatchObject({
        code: 'INVALID_CONFIG',
        message: expect.stringContaining(`Slack refused SLACK_BOT_TOKEN (${reason})`),
      });
    },
  );

  it('refuses an address that is not Slack’s Web API, naming SLACK_API_URL', async () => {
    const slack = await fakeSlack();
    const { result } = identify('xoxb-test-token', `${slack.url}/not-the-api/`);
    await expect(result).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('HTTP 404'),
      hint: expect.stringContaining('SLACK_API_URL'),
    });
  });

  it('waits longer each time while Slack answers 503, saying so, then goes on', async () => {
    const slack = await fakeSlack();
    slack.fail('auth.test', { status: 503 }, 3);
    slack.fail('auth.test', { error: 'internal_error' });
    const { result, waits, lines } = identify('xoxb-test-token', slack.apiUrl);
    await expect(result).resolves.toEqual({ userId: slack.botUserId, botId: 'BBOT' });
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(slack.authTests).toBe(5);
    const retries = lines.filter((line) => line.retryInMs !== undefined);
    expect(retries.map((line) => line.msg)).toEqual([
      expect.stringContaining(
        '(auth.test: Slack answered HTTP 503); trying auth.test again in 1 s (attempt 2)',
      ),
      expect.stringContaining('trying auth.test again in 2 s (attempt 3)'),
      expect.stringContaining('trying auth.test again in 4 s (attempt 4)'),
      expect.stringContaining('(auth.test: internal_error); trying auth.test again in 8 s (attempt 5)'),
    ]);
  });

  it('never waits more than 30 s between tries, however long Slack is away', async () => {
    const slack = await fakeSlack();
    slack.fail('auth.test', { status: 502 }, 8);
    const { result, waits } = identify('xoxb-test-token', slack.apiUrl);
    await expect(result).resolves.toMatchObject({ userId: slack.botUserId });
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('waits as long as a rate limit asks (Retry-After)', async () => {
    const slack = await fakeSlack();
    slack.fail('auth.test', { status: 429, retryAfter: 7 });
    const { result, waits } = identify('xoxb-test-token', slack.apiUrl);
    await expect(result).resolves.toMatchObject({ botId: 'BBOT' });
    expect(waits).toEqual([7_000]);
  });

  it('keeps trying while nothing listens at SLACK_API_URL', async () => {
    const slack = await fakeSlack();
    const apiUrl = slack.apiUrl;
    await slack.stop();
    const { result, waits, lines } = identify('xoxb-test-token', apiUrl, { stopAfterWaits: 3 });
    // It would go on for as long as it takes; the test's wait ends it after the third.
    await expect(result).rejects.toThrow('the test stops waiting here');
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    expect(lines[0]?.msg).toContain('cannot reach Slack');
  });

  it('does not wait out a failure of its own (only Slack’s answers are retried)', async () => {
    const waits: number[] = [];
    const bug = new TypeError('start is not a function');
    const started = untilSlackAnswers(
      'apps.connections.open',
      'SLACK_APP_TOKEN',
      async () => {
        throw bug;
      },
      {
        logger: pino({ level: 'silent' }),
        apiUrl: 'http://127.0.0.1:1/api/',
        wait: async (ms) => {
          waits.push(ms);
        },
      },
    );
    await expect(started).rejects.toBe(bug);
    expect(waits).toEqual([]);
  });
});
