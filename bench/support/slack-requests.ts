import { slackSignature } from '../../test/support/signing.js';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret';
/** The token the fake Slack accepts. */
export const BENCH_TOKEN = 'xoxb-test-token';
export const BOT_USER_ID = 'UBOT';

/** The form body Slack posts for `/incident <text>`. */
export function slashCommandBody(
  text: string,
  options: { user?: string; channel?: string; triggerId?: string } = {},
): string {
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
    trigger_id: options.triggerId ?? '1.1.abcdef',
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

let requests = 0;

/**
 * `/incident <text>` as Slack sends it each time: its own trigger_id (a repeated one is a replay,
 * which Firewatch answers without changing anything), signed now, and from its own person: in a
 * burst, many people type /incident at once, while one person declaring thousands of incidents a
 * second would be refused by DECLARE_RATE_LIMIT after the first twenty of each minute.
 */
export function freshSlashCommand(text: string): { body: string; headers: Record<string, string> } {
  // The form is built once per text and the ids put in their places: the load generator makes
  // thousands a second, and should spend its core sending them.
  let form = forms.get(text);
  if (!form) {
    const [head, tail] = slashCommandBody(text, { user: USER_MARK, triggerId: TRIGGER_MARK }).split(
      TRIGGER_MARK,
    ) as [string, string];
    form = [...head.split(USER_MARK), tail] as [string, string, string];
    forms.set(text, form);
  }
  const n = ++requests;
  const user = `U${n.toString(36).toUpperCase().padStart(9, '0')}`;
  const body = `${form[0]}${user}${form[1]}${process.pid}.${n}.${TRIGGER_TAIL}${form[2]}`;
  return { body, headers: signedHeaders(body) };
}

const TRIGGER_MARK = 'TRIGGER';
const USER_MARK = 'USERMARK';
const forms = new Map<string, [string, string, string]>();

/** Slack's trigger ids are about this long; the tail pads the bench's to the same size. */
const TRIGGER_TAIL = 'b3c1e8f9a2d47e6c0b5a9f3e1d2c4b6a';
