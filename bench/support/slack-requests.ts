import { slackSignature } from '../../test/support/signing.js';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret';
/** The token the fake Slack accepts. */
export const BENCH_TOKEN = 'xoxb-test-token';
export const BOT_USER_ID = 'UBOT';

/** The form body Slack posts for `/incident <text>`. */
export function slashCommandBody(text: string, options: { user?: string; channel?: string } = {}): string {
  return new URLSearchParams({
    token: 'verification-token',
    team_id: 'T1',
    team_domain: 'example',
    channel_id: options.channel ?? 'CGENERAL',
    channel_name: 'general',
    user_id: options.user ?? 'UALICE',
    user_name: 'alice',
    command: '/incident',
    text,
    api_app_id: 'A1',
    // Nothing in the measured paths posts to it; 127.0.0.1 keeps any stray call local.
    response_url: 'http://127.0.0.1:9/response',
    trigger_id: '1.1.abcdef',
  }).toString();
}

/**
 * Headers for a signed Slack request. The signature covers the timestamp and the body, and Bolt
 * accepts a timestamp up to five minutes old, so one signature serves a whole load run. The media
 * type is bare: Bolt refuses `application/x-www-form-urlencoded; charset=…` for commands.
 */
export function signedHeaders(body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(BENCH_SIGNING_SECRET, timestamp, body),
  };
}
