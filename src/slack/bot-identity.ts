import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { FirewatchError } from '../domain/errors.js';
import { platformError, toEffectError } from './slack-errors.js';

/** Who the bot is in its workspace, as auth.test says once at start. */
export interface BotIdentity {
  /** The bot's user id (`U…`): its own messages, joins and reactions are told apart by it. */
  userId: string;
  /** The bot id (`B…`). */
  botId: string;
}

/** Slack's words for a token that will not work however often it is tried. */
const BAD_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'team_access_not_granted',
  'user_removed_from_team',
  'team_disabled',
  'no_permission',
]);

const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 30_000;

/** The token a call at start depends on, and how to get a good one. */
const TOKENS = {
  SLACK_BOT_TOKEN:
    'Copy the Bot User OAuth Token (xoxb-…) from your Slack app’s OAuth & Permissions page into SLACK_BOT_TOKEN, reinstalling the app if it was removed.',
  SLACK_APP_TOKEN:
    'Make an app-level token with the connections:write scope (your Slack app’s Basic Information → App-Level Tokens) and put it (xapp-…) in SLACK_APP_TOKEN.',
} as const;

export interface StartCallOptions {
  logger: Logger;
  /** Where the tokens are sent (SLACK_API_URL), named when it does not answer like Slack. */
  apiUrl: string;
  /** Waits between attempts; tests pass one that records instead of sleeping. */
  wait?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a call that Firewatch cannot start without until Slack answers it. A token Slack refuses
 * stops the start with INVALID_CONFIG; while Slack is unreachable, answers 5xx or rate-limits, it
 * waits (1 s, 2 s, 4 s … at most 30 s, or what Retry-After asks) and says so in the log each time,
 * so nobody mistakes the wait for a hang.
 */
export async function untilSlackAnswers<T>(
  method: string,
  token: keyof typeof TOKENS,
  call: (attempt: number) => Promise<T>,
  options: StartCallOptions,
): Promise<T> {
  const wait = options.wait ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      // Only the Web API's own failures are Slack's answer; anything else is ours, and not waited out.
      if (!isWebApiError(error)) throw error;
      const failure = toEffectError(error, method);
      if (!failure.retryable) throw refusal(error, failure.message, token, options.apiUrl);
      const ms = Math.max(
        Math.min(FIRST_WAIT_MS * 2 ** (attempt - 1), LONGEST_WAIT_MS),
        failure.retryAfterMs ?? 0,
      );
      options.logger.warn(
        { attempt, retryInMs: ms, reason: failure.message },
        `slack: cannot reach Slack's Web API at start (${failure.message}); trying ${method} again in ${Math.round(ms / 1000)} s (attempt ${attempt + 1}). Firewatch takes requests once Slack answers.`,
      );
      await wait(ms);
    }
  }
}

const WEB_API_ERRORS = new Set<string>(Object.values(webApi.ErrorCode));

function isWebApiError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && WEB_API_ERRORS.has(code);
}

/** One auth.test, repeated only while Slack is away: the bot's identity for the whole run. */
export async function identifyBot(client: webApi.WebClient, options: StartCallOptions): Promise<BotIdentity> {
  const answer = await untilSlackAnswers('auth.test', 'SLACK_BOT_TOKEN', () => client.auth.test(), options);
  if (!answer.user_id || !answer.bot_id) {
    throw new FirewatchError(
      'INVALID_CONFIG',
      'Firewatch cannot start: SLACK_BOT_TOKEN is not a bot token (Slack knows no bot user for it).',
      TOKENS.SLACK_BOT_TOKEN,
    );
  }
  options.logger.info(
    { botUserId: answer.user_id, botId: answer.bot_id, team: answer.team_id },
    'slack: the bot token works',
  );
  return { userId: answer.user_id, botId: answer.bot_id };
}

/** Why Slack will not take this token (or this address), with what to do about it. */
function refusal(error: unknown, what: string, token: keyof typeof TOKENS, apiUrl: string): FirewatchError {
  const reason = platformError(error);
  if (reason && BAD_TOKEN.has(reason)) {
    return new FirewatchError(
      'INVALID_CONFIG',
      `Firewatch cannot start: Slack refused ${token} (${reason}). The token is mistyped, revoked, or its app was uninstalled.`,
      TOKENS[token],
    );
  }
  if (reason) {
    return new FirewatchError(
      'INVALID_CONFIG',
      `Firewatch cannot start: Slack answered ${what}.`,
      TOKENS[token],
    );
  }
  return new FirewatchError(
    'INVALID_CONFIG',
    `Firewatch cannot start: ${apiUrl} does not answer like Slack's Web API (${what}).`,
    'Check SLACK_API_URL (unset means https://slack.com/api/).',
  );
}
