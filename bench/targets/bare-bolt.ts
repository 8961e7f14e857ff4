import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { VERB_INFO } from '../../src/commands/registry.js';
import { helpMessage } from '../../src/messages/help.js';
import { responseBody } from '../../src/slack/context.js';
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
// `--reply=help`: acknowledge with Firewatch's help reply, rendered once here, so that the cost of
// sending a reply that size can be told apart from what Firewatch spends routing to it.
const reply =
  argument('reply', '') === 'help' ? responseBody({ message: helpMessage(VERB_INFO) }) : undefined;
app.command('/incident', async ({ ack }) => {
  await ack(reply);
});
const server = (await app.start(Number(argument('port', '0')))) as import('node:http').Server;
const port = (server.address() as AddressInfo).port;
serveParent({ port, url: `http://127.0.0.1:${port}/slack/events` }, async () => {
  await app.stop();
});
