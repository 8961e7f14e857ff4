import type { Server } from 'node:http';
import { App, type CustomRoute, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Deps } from '../usecases/context.js';
import { type AckObserver, ackTiming } from './ack-timing.js';
import { boltLogger } from './bolt-logger.js';
import { identifyBot, untilSlackAnswers } from './bot-identity.js';
import type { SlackContext } from './context.js';
import { BODY_LIMIT } from './http-routes.js';
import { answeredAsUnknown } from './listeners/fallbacks.js';
import { registerListeners } from './listeners/index.js';
import { Demand, Drain, gateRequests, limitConnections } from './request-gate.js';
import { SlackDirectory } from './slack-directory.js';

/** Request ids: unique in this process, cheap to make (the slash-command path is measured). */
const REQUEST_PREFIX = `${process.pid.toString(36)}-`;
let requests = 0;

export interface SlackAppOptions {
  token: string;
  /** HTTP mode. */
  signingSecret?: string;
  /** Socket Mode. */
  appToken?: string;
  apiUrl: string;
  port: number;
  /** The address to listen on in HTTP mode (HOST); Socket Mode's server listens on every address. */
  host?: string;
  deps: Omit<Deps, 'directory'>;
  logger: Logger;
  routes: CustomRoute[];
  unexpected(error: unknown, where: Record<string, unknown>): string;
  /** Told how long each slash command waited for its ack (HTTP mode). */
  observeAck?: AckObserver;
}

export interface SlackApp {
  app: App;
  context: SlackContext;
  /** Starts listening; resolves once requests are accepted. */
  start(): Promise<void>;
  /** Stops taking requests (503 to any that arrive on open connections), and waits for those in flight. */
  stop(): Promise<void>;
  /** The HTTP port actually listened on (0 asks the system for a free one). */
  port(): number | undefined;
  /** Whether Slack is waiting for answers (see Demand). HTTP mode; never in Socket Mode. */
  busy(): boolean;
}

/**
 * The Bolt app in HTTP mode (commands, interactivity and events all at /slack/events, plus our own
 * routes) or in Socket Mode. The Web API client never retries by itself: the outbox does, with
 * backoff, so a 429 or an outage cannot stall a request for half an hour.
 *
 * Who the bot is comes from one auth.test, here, before anything listens (waiting while Slack is
 * unreachable, refusing a bad token). Bolt is handed the answer: given both `botId` and
 * `botUserId`, its single-workspace authorization answers every request from them; without them it
 * calls auth.test on every request (Bolt 5 `App.js`, `runAuthTestForBotToken`), which puts the Web
 * API on the ack path and turns a Slack outage into slash commands silently dropped.
 */
export async function createSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const logger = boltLogger(options.logger);
  const clientOptions = {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
  };
  const atStart = { logger: options.logger, apiUrl: options.apiUrl };
  const bot = await identifyBot(new webApi.WebClient(options.token, { ...clientOptions, logger }), atStart);
  let server: Server | undefined;
  const demand = new Demand();
  const timing = options.observeAck && !options.appToken ? ackTiming(options.observeAck) : undefined;
  const receiver = options.appToken
    ? new SocketModeReceiver({
        appToken: options.appToken,
        logger,
        customRoutes: options.routes,
        installerOptions: { port: options.port, clientOptions },
      })
    : new HTTPReceiver({
        signingSecret: options.signingSecret ?? '',
        logger,
        customRoutes: options.routes,
        endpoints: ['/slack/events'],
        bodyLimit: BODY_LIMIT,
        // The gate below checks the signature and its timestamp before Bolt sees a request (and
        // refuses more than Bolt would: a timestamp from the future); Bolt's check would repeat it.
        signatureVerification: false,
        // Bolt answers 500 when it cannot make sense of a (signed) payload; say 400, with a
        // reference to the log line, so a malformed request never reads as Firewatch falling over.
        processEventErrorHandler: async ({ error, response }) => {
          const ref = options.unexpected(error, { where: 'bolt: processing a request' });
          if (response.headersSent) return false;
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ ok: false, error: `Firewatch could not handle this request (ref ${ref})` }),
          );
          return true;
        },
        ...(timing ? { customPropertiesExtractor: timing.customProperties } : {}),
      });
  const drain = new Drain();
  if (receiver instanceof HTTPReceiver) {
    // Bolt's receiver calls its `requestListener` for every request on its server: the gate goes
    // in front of it, so that limits and the signature are checked before Bolt reads anything.
    const inner = receiver as unknown as { requestListener: Parameters<typeof gateRequests>[0] };
    inner.requestListener = gateRequests(inner.requestListener, {
      signingSecret: options.signingSecret ?? '',
      drain,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      paths: ['/slack/events', ...options.routes.map((route) => route.path)],
      demand,
    });
  }
  const app = new App({
    token: options.token,
    receiver,
    logger,
    clientOptions,
    botId: bot.botId,
    botUserId: bot.userId,
    // Verified above, once, with a clear refusal; Bolt's own check would only repeat the call.
    tokenVerificationEnabled: false,
    // Bolt's conversation store is unused here, and its lookup builds an Error on every request.
    convoStore: false,
  });
  const directory = new SlackDirectory(app.client);
  const context: SlackContext = {
    deps: { ...options.deps, directory },
    directory,
    botUserId: bot.userId,
    logger: options.logger,
    unexpected: options.unexpected,
  };
  // One global middleware (each costs every request a round of Bolt's middleware chain): an id per
  // Slack request, in every log line about it and in the reference people are shown; the command
  // named for the ack timing; and an answer for whatever no listener waits for.
  const debug = options.logger.isLevelEnabled('debug');
  app.use(async (args) => {
    const { context: request, body, next } = args;
    request.requestId = `${REQUEST_PREFIX}${(++requests).toString(36)}`;
    timing?.note(body, request);
    if (await answeredAsUnknown(args)) return;
    const started = debug ? performance.now() : 0;
    await next();
    if (!debug) return;
    const kind =
      (body as { type?: string; command?: string }).command ?? (body as { type?: string }).type ?? 'unknown';
    options.logger.debug(
      { requestId: request.requestId, kind, ms: Math.round(performance.now() - started) },
      'slack: request handled',
    );
  });
  registerListeners(app, context);
  app.error(async (error) => {
    options.unexpected(error, { where: 'bolt' });
  });
  return {
    app,
    context,
    async start() {
      if (receiver instanceof SocketModeReceiver) {
        // Socket Mode asks apps.connections.open with the app token: refused for good, or waited
        // for like auth.test. A retry reconnects the socket only; the HTTP routes already listen.
        await untilSlackAnswers(
          'apps.connections.open',
          'SLACK_APP_TOKEN',
          async (attempt) => {
            if (attempt === 1) await app.start(options.port);
            else await receiver.client.start();
          },
          atStart,
        );
        return;
      }
      const started = await app.start(
        options.host ? { port: options.port, host: options.host } : options.port,
      );
      if (started && typeof (started as Server).address === 'function') server = started as Server;
      if (server) {
        drain.attach(server);
        limitConnections(server);
        timing?.attach(server);
      }
    },
    async stop() {
      // New requests, even on open keep-alive connections, are refused; in-flight ones finish.
      drain.begin();
      await app.stop();
    },
    busy() {
      return demand.busy();
    },
    port() {
      const address = server?.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },
  };
}
