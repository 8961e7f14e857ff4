import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { argument, serveParent } from '../support/child-side.js';
import { BENCH_SIGNING_SECRET, BENCH_TOKEN, BOT_USER_ID } from '../support/slack-requests.js';

/**
 * The floor: Bolt from this project's node_modules, the same receiver Firewatch uses, and a
 * `/incident` listener that only acknowledges. Whatever Firewatch spends beyond this is ours.
 */
const receiver = new HTTPReceiver({ signingSecret: BENCH_SIGNING_SECRET, endpoints: ['/slack/events'] });
const app = new App({
  token: BENCH_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  botUserId: BOT_USER_ID,
  botId: `B${BOT_USER_ID}`,
  tokenVerificationEnabled: false,
});
// `--reply-file=…`: acknowledge with a reply Firewatch sent (its JSON body, as the bench received
// it), so that the floor sends the same bytes and only what Firewatch spends to make it is measured.
const replyFile = argument('reply-file', '');
const reply = replyFile
  ? (JSON.parse(fs.readFileSync(replyFile, 'utf8')) as Record<string, unknown>)
  : undefined;
app.command('/incident', async ({ ack }) => {
  await ack(reply);
});
const server = (await app.start(Number(argument('port', '0')))) as import('node:http').Server;
const port = (server.address() as AddressInfo).port;
serveParent({ port, url: `http://127.0.0.1:${port}/slack/events` }, async () => {
  await app.stop();
});
