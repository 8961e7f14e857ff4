import path from 'node:path';
import pino, { type DestinationStream } from 'pino';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/ports.js';
import type { RetryPolicy } from '../../src/effects/outbox-worker.js';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/main.js';
import { FakeSlack } from './fake-slack.js';
import { REPO } from './harness.js';
import { postToSlackEndpoint, type SlackPost } from './signing.js';
import { tempDir } from './temp.js';

export const SIGNING_SECRET = 'test-signing-secret';

export interface Firewatch {
  slack: FakeSlack;
  server: RunningServer;
  dir: string;
  url: string;
  command(
    text: string,
    options?: { user?: string; channel?: string; channelName?: string },
  ): Promise<SlackPost>;
  /** The answer a person sees: in the ack, or (for commands answered later) posted to the response URL. */
  answer(
    text: string,
    options?: { user?: string; channel?: string; channelName?: string },
  ): Promise<{ text: string; blocks?: unknown; response_type?: string }>;
  interact(payload: Record<string, unknown>): Promise<SlackPost>;
  event(event: Record<string, unknown>, options?: { eventId?: string }): Promise<SlackPost>;
  /** Waits until the outbox has nothing left to do, or until `condition` holds. */
  settle(condition?: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

let submissions = 0;

/**
 * A form submitted in Slack: the view Firewatch opened (its callback and metadata), with the
 * person's input. Each submission has its own trigger_id, as in Slack.
 */
export function viewSubmission(
  user: string,
  view: { callback_id: string; private_metadata: string },
  values: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: user, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'verification-token',
    trigger_id: `${++submissions}.${user}.view`,
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values },
      hash: 'h',
    },
  };
}

let clicks = 0;

/**
 * A click on a message's button as Slack posts it. Each click has its own trigger_id and
 * action_ts, as in Slack, unless the test gives them (to send the same click again).
 */
export function buttonClick(click: {
  action: string;
  value: string;
  user: string;
  channel: { id: string; name?: string };
  responseUrl: string;
  trigger?: string;
  actionTs?: string;
}): Record<string, unknown> {
  clicks += 1;
  return {
    type: 'block_actions',
    team: { id: 'T1', domain: 'example' },
    user: { id: click.user, username: click.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'verification-token',
    trigger_id: click.trigger ?? `${clicks}.99.abcdef`,
    channel: { id: click.channel.id, name: click.channel.name ?? 'incident' },
    container: { type: 'message', channel_id: click.channel.id, message_ts: '1.1' },
    response_url: click.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: click.action,
        block_id: 'b1',
        value: click.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: click.actionTs ?? `${clicks}.2`,
      },
    ],
  };
}

let responses = 0;
let triggers = 0;

export const FAST_RETRY: RetryPolicy = {
  baseDelayMs: 20,
  maxDelayMs: 250,
  maxAgeMs: 60_000,
  maxUnexpectedAttempts: 3,
};

export interface StartOptions {
  /** What a user would set: PagerDuty's URLs pointing at a FakePagerDuty, routing keys, … */
  env?: Record<string, string>;
  clock?: Clock;
  slack?: FakeSlack;
  dir?: string;
  logs?: NodeJS.WritableStream;
  retry?: RetryPolicy;
  /** A test that moves a manual clock in big steps needs leases longer than its steps. */
  leaseMs?: number;
}

/**
 * Starts Firewatch as `main()` does (startServer on the loaded configuration, auth.test and all),
 * against a fake Slack; only the clock, the logs and the worker's timing are the test's own.
 */
export async function startFirewatch(options: StartOptions = {}): Promise<Firewatch> {
  const slack = options.slack ?? new FakeSlack();
  if (!slack.url) await slack.start();
  const dir = options.dir ?? tempDir();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DATABASE_URL: path.join(dir, 'firewatch.db'),
    RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    TEMPLATES_DIR: path.join(REPO, 'templates'),
    POSTMORTEMS_DIR: path.join(dir, 'postmortems'),
    ...options.env,
  });
  // With `logs`, the production logger (redaction included) writes everything there.
  const logger = options.logs
    ? createLogger('trace', options.logs as DestinationStream)
    : pino({ level: 'silent' });
  const server = await startServer(config, {
    logger,
    worker: {
      pollMs: 25,
      retry: options.retry ?? FAST_RETRY,
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const url = `http://127.0.0.1:${server.port}/slack/events`;
  const firewatch: Firewatch = {
    slack,
    server,
    dir,
    url,
    command(text, who = {}) {
      responses += 1;
      triggers += 1;
      const body = new URLSearchParams({
        token: 'verification-token',
        team_id: 'T1',
        team_domain: 'example',
        channel_id: who.channel ?? 'CGENERAL',
        channel_name: who.channelName ?? 'general',
        user_id: who.user ?? 'UALICE',
        user_name: 'alice',
        command: '/incident',
        text,
        api_app_id: 'A1',
        response_url: `${slack.url}/response/${responses}`,
        trigger_id: `${triggers}.1.abcdef`,
      }).toString();
      return postToSlackEndpoint(url, body, { secret: SIGNING_SECRET });
    },
    async answer(text, who = {}) {
      const ack = await firewatch.command(text, who);
      if (ack.text) return ack.json() as { text: string };
      const path = `/response/${responses}`;
      const deadline = Date.now() + 10_000;
      for (;;) {
        const posted = slack.responses.find((response) => response.path === path);
        if (posted) return posted.body as { text: string };
        if (Date.now() > deadline) throw new Error(`no answer to "${text}"`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    interact(payload) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return postToSlackEndpoint(url, body, { secret: SIGNING_SECRET });
    },
    event(event, eventOptions = {}) {
      const body = JSON.stringify({
        token: 'verification-token',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: eventOptions.eventId ?? `Ev${Math.random().toString(36).slice(2)}`,
        event_time: Math.floor(Date.now() / 1000),
        event,
      });
      return postToSlackEndpoint(url, body, { secret: SIGNING_SECRET, contentType: 'application/json' });
    },
    async settle(condition, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const done = condition ? await condition() : (await server.core.store.outboxStats()).pending === 0;
        if (done) return;
        if (Date.now() > deadline)
          throw new Error(
            `not settled within ${timeoutMs} ms: ${JSON.stringify(await server.core.store.outboxStats())}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      await server.stop();
      if (!options.slack) await slack.stop();
    },
  };
  return firewatch;
}

/** Socket Mode, started as `main()` starts it from these variables, against a fake Slack. */
export async function startSocketMode(
  slack: FakeSlack,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const dir = tempDir();
  return startServer(
    loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_APP_TOKEN: 'xapp-test-token',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATABASE_URL: path.join(dir, 'firewatch.db'),
      RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
      POSTMORTEMS_DIR: path.join(dir, 'postmortems'),
      ...env,
    }),
    { logger: pino({ level: 'silent' }), worker: { pollMs: 25, retry: FAST_RETRY } },
  );
}

/** Resolves once Firewatch has connected its socket to the fake Slack. */
export async function socketConnected(slack: FakeSlack, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!slack.socketConnected) {
    if (Date.now() > deadline) throw new Error(`no Socket Mode connection within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
