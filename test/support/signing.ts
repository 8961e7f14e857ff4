import crypto from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 over `v0:<timestamp>:<raw body>`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackPost {
  status: number;
  text: string;
  json(): unknown;
}

export async function postToSlackEndpoint(
  url: string,
  body: string,
  options: { secret?: string; timestamp?: number; contentType?: string; signature?: string | null } = {},
): Promise<SlackPost> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
  };
  if (options.signature !== null) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = options.signature ?? slackSignature(options.secret ?? '', timestamp, body);
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

/** A slash command's form body as Slack posts it: `/incident TEXT` from a person in a channel. */
export function slashCommandForm(
  text: string,
  options: { trigger: string; user?: string; channel?: string; responseUrl?: string },
): string {
  return new URLSearchParams({
    command: '/incident',
    text,
    user_id: options.user ?? 'UALICE',
    channel_id: options.channel ?? 'CGENERAL',
    team_id: 'T1',
    trigger_id: options.trigger,
    response_url: options.responseUrl ?? 'http://127.0.0.1:1/response',
  }).toString();
}
