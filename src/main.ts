import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { type Config, type DashboardConfig, loadConfig } from './config.js';
import { runConsole } from './console/console.js';
import { ConsoleChat } from './console/console-chat.js';
import { ConsoleDirectory } from './console/console-directory.js';
import { terminalSafeOutput } from './console/terminal-safe.js';
import { DEPLOYMENTS_WEBHOOK_PATH, deploymentsWebhook } from './deployments/deployments-webhook.js';
import { GITHUB_WEBHOOK_PATH, githubWebhook } from './deployments/github-webhook.js';
import { notConfigured } from './deployments/http.js';
import { FirewatchError } from './domain/errors.js';
import type { Incident } from './domain/incident.js';
import type { Clock, UserDirectory } from './domain/ports.js';
import { DEFAULT_REMINDER_POLICY } from './domain/reminders.js';
import { OutboxWorker, type RetryPolicy } from './effects/outbox-worker.js';
import type { ChatPort } from './effects/ports.js';
import { IncidentEffects } from './effects/run-effect.js';
import { wakeOnEffects } from './effects/wake-on-effects.js';
import { createLogger, droppedLogWrites } from './logger.js';
import { PagerDutyClient } from './pagerduty/pagerduty-client.js';
import {
  PAGERDUTY_WEBHOOK_PATH,
  pagerDutyWebhook,
  webhooksNotConfigured,
} from './pagerduty/webhook-endpoint.js';
import { postmortemFileName, TemplateDocuments } from './postmortem/documents.js';
import { formatProblem, loadCatalog } from './runbooks/catalog.js';
import { openStore, type Store } from './store/open-store.js';
import type { Deps, Settings } from './usecases/context.js';
import { effectOutcomes } from './usecases/record-outcome.js';
import { startReminderTicker } from './usecases/reminder-ticker.js';
import { sendDueReminders } from './usecases/send-reminders.js';
import { createAuthenticator, type DashboardAuthConfig } from './web/auth.js';
import { createDashboard, DASHBOARD_PATHS, type Dashboard } from './web/dashboard.js';
import { dashboardSources } from './web/sources.js';

/**
 * How often reminders are looked for: every 15 s, or twice per update interval when one is shorter
 * (a team nudged every 10 s must not wait 15 for it), never more than once a second.
 */
export function tickEvery(intervals: Config['updateIntervals']): number {
  const shortest = Math.min(15_000, ...Object.values(intervals).map((ms) => ms / 2));
  return Math.max(1_000, shortest);
}

export const systemClock: Clock = { now: () => new Date() };

/** A short reference that ties what a person is shown to the log line with the details. */
export function newRef(): string {
  return randomUUID().slice(0, 8);
}

export function logUnexpected(logger: Logger, error: unknown, context: Record<string, unknown> = {}): string {
  const ref = newRef();
  logger.error({ err: error, ref, ...context }, 'unexpected error');
  return ref;
}

export interface Core {
  deps: Deps;
  store: Store;
  documents: TemplateDocuments;
  logger: Logger;
}

export interface ComposeOptions {
  clock?: Clock;
  logger?: Logger;
  directory?: UserDirectory;
  channelUrl?: (channel: string) => string;
}

/** The parts every mode shares: store, catalog, documents and the use cases' dependencies. */
export async function composeCore(config: Config, options: ComposeOptions): Promise<Core> {
  const logger = options.logger ?? createLogger(config.logLevel ?? 'info');
  const store = await openStore(config);
  const { catalog, problems } = loadCatalog(config.runbooksDir, config.slos);
  for (const problem of problems) {
    (problem.severity === 'error' ? logger.error.bind(logger) : logger.warn.bind(logger))(
      { runbook: problem.file, line: problem.line },
      `runbook: ${formatProblem(problem)}`,
    );
  }
  const settings: Settings = {
    channelPrefix: config.channelPrefix,
    ...(config.announceChannel ? { announceChannel: config.announceChannel } : {}),
    pageSeverities: config.pageSeverities,
    reminders: { ...DEFAULT_REMINDER_POLICY, updateIntervals: config.updateIntervals },
    errorBudgetPolicy: config.errorBudgetPolicy,
    incidentEditors: config.incidentEditors,
    ...(config.declareRateLimit ? { declareRateLimit: config.declareRateLimit } : {}),
    ...(config.runbookBaseUrl ? { runbookBaseUrl: config.runbookBaseUrl } : {}),
    ...(options.channelUrl ? { channelUrl: options.channelUrl } : {}),
    routingKey: (name) => config.routingKeys[name],
    doraEnvironments: config.doraEnvironments,
  };
  const clock = options.clock ?? systemClock;
  const pager = config.pagerduty ? new PagerDutyClient({ ...config.pagerduty, clock }) : undefined;
  const deps: Deps = {
    store,
    clock,
    catalog,
    settings,
    ...(pager ? { pager } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
  };
  return {
    deps,
    store,
    documents: new TemplateDocuments({
      templatesDir: config.templatesDir,
      postmortemsDir: config.postmortemsDir,
    }),
    logger,
  };
}

/** The postmortem draft as written to POSTMORTEMS_DIR, if it was. */
async function readDraft(postmortemsDir: string, incident: Incident): Promise<string | undefined> {
  if (!incident.postmortem) return undefined;
  try {
    return await fs.promises.readFile(path.join(postmortemsDir, postmortemFileName(incident)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The read-only web dashboard over the core's store, with the sign-in DASHBOARD_AUTH names. */
function createWebDashboard(
  core: Core,
  config: Config,
  dashboard: DashboardConfig,
  console?: { user: string; zone: string },
): Dashboard {
  const auth: DashboardAuthConfig =
    dashboard.auth === 'off'
      ? { mode: 'off', ...(console ? { viewer: console.user } : {}) }
      : dashboard.auth === 'proxy'
        ? { mode: 'proxy', trustedProxies: dashboard.trustedProxies }
        : {
            mode: 'slack',
            clientId: dashboard.clientId,
            clientSecret: dashboard.clientSecret,
            // Derived from the client secret unless given: replicas then share sessions, and a
            // restart keeps people signed in.
            sessionSecret:
              dashboard.sessionSecret ??
              createHmac('sha256', dashboard.clientSecret)
                .update('firewatch dashboard sessions')
                .digest('hex'),
            apiUrl: config.slack?.apiUrl ?? 'https://slack.com/api/',
            ...(dashboard.publicUrl ? { publicUrl: dashboard.publicUrl } : {}),
          };
  return createDashboard({
    deps: core.deps,
    auth: createAuthenticator(auth, {
      clock: core.deps.clock,
      ...(core.deps.directory ? { directory: core.deps.directory } : {}),
      ...(console ? { consoleZone: console.zone } : {}),
    }),
    sources: dashboardSources(core.deps, (incident) => readDraft(config.postmortemsDir, incident)),
    unexpected: (error, where) => logUnexpected(core.logger, error, where),
  });
}

/** How to reach the dashboard, for the start-up lines. */
function dashboardUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

/** The console's dashboard: its own HTTP server on HOST:PORT (loopback by default). */
async function serveConsoleDashboard(
  dashboard: Dashboard,
  config: Config,
): Promise<{ server?: http.Server; line: string }> {
  const server = http.createServer((request, response) => void dashboard.handle(request, response));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      line: `Dashboard not served: ${config.host}:${config.port} ${code === 'EADDRINUSE' ? 'is in use' : `cannot be listened on (${code ?? (error as Error).message})`}; set PORT to a free port to see it.\n`,
    };
  }
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  const who =
    config.dashboard?.auth === 'off'
      ? `as @${config.console.user}, this machine only`
      : `sign-in: ${config.dashboard?.auth}`;
  return { server, line: `Dashboard: ${dashboardUrl(config.host, port)} (${who})\n` };
}

export interface WorkerOptions {
  concurrency?: number;
  busy?: () => boolean;
  pollMs?: number;
  leaseMs?: number;
  retry?: RetryPolicy;
}

export function createWorker(core: Core, chat: ChatPort, options: WorkerOptions = {}): OutboxWorker {
  const runner = new IncidentEffects({
    deps: core.deps,
    chat,
    documents: core.documents,
    logger: core.logger,
    outcomes: effectOutcomes(core.deps),
  });
  return new OutboxWorker({
    store: core.store,
    clock: core.deps.clock,
    runner,
    logger: core.logger,
    ...options,
  });
}

export interface ConsoleIo {
  input: NodeJS.ReadableStream & import('node:stream').Readable;
  output: { write(text: string): void };
  interactive: boolean;
}

/** The local console: no Slack needed, same commands and database. */
export async function startConsole(
  config: Config,
  io: ConsoleIo,
  overrides: { clock?: Clock; logger?: Logger } = {},
): Promise<void> {
  const session = { user: config.console.user, channel: 'general', zone: config.console.zone };
  const logger =
    overrides.logger ??
    createLogger(config.logLevel ?? 'warn', (await import('pino')).default.destination(2));
  const core = await composeCore(config, {
    ...overrides,
    logger,
    directory: new ConsoleDirectory(() => session.zone),
  });
  // Titles and notes are printed as typed: nothing in them may act on the terminal.
  const output = terminalSafeOutput(io.output);
  const chat = new ConsoleChat(output, () => ({ zone: session.zone }));
  const worker = createWorker(core, chat, { concurrency: 1 });
  const web = config.dashboard
    ? await serveConsoleDashboard(createWebDashboard(core, config, config.dashboard, config.console), config)
    : undefined;
  output.write(
    `Firewatch console: SLACK_BOT_TOKEN is not set, so commands run here and what the bot would post is printed below.\n` +
      (web?.line ?? '') +
      `Database ${config.databasePath} · ${core.deps.catalog.services().length} services from ${config.runbooksDir} · you are @${session.user} in #${session.channel} (:help for console commands, /incident help for the rest)\n`,
  );
  const settle = async () => {
    await sendDueReminders(core.deps).catch((error: unknown) =>
      logger.error({ err: error }, 'reminders failed'),
    );
    await worker.drain();
  };
  await settle();
  try {
    await runConsole({
      deps: core.deps,
      chat,
      input: io.input,
      output,
      interactive: io.interactive,
      session,
      settle,
      unexpected: (error) => logUnexpected(logger, error),
    });
  } finally {
    await new Promise((resolve) => (web?.server ? web.server.close(resolve) : resolve(undefined)));
    await worker.stop();
    await core.store.close();
  }
}

/**
 * What a caller may set beyond the configuration: the clock, where logs go, and the worker's
 * timing. Nothing here may stand in for production code (a pager, the bot's identity): tests reach
 * their stand-ins through the same variables a user sets (SLACK_API_URL, PAGERDUTY_API_URL, …).
 */
export interface ServerOverrides {
  clock?: Clock;
  logger?: Logger;
  worker?: WorkerOptions;
}

export interface RunningServer {
  logger: Logger;
  core: Core;
  worker: OutboxWorker;
  /** The HTTP port (in HTTP mode; Socket Mode serves only /healthz and the webhooks on it). */
  port: number | undefined;
  /** The port of /metrics and /healthz when METRICS_PORT set one apart. */
  metricsPort: number | undefined;
  stop(): Promise<void>;
}

function portOf(server: http.Server | undefined): number | undefined {
  const address = server?.address();
  return address && typeof address === 'object' ? address.port : undefined;
}

async function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeIdleConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** Slack mode: Bolt over HTTP or Socket Mode, the outbox worker, and the reminder ticker. */
export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const slack = config.slack;
  if (!slack)
    throw new FirewatchError(
      'INVALID_CONFIG',
      'SLACK_BOT_TOKEN is not set, so there is no Slack to connect to.',
    );
  const logger = overrides.logger ?? createLogger(config.logLevel ?? 'info');
  const core = await composeCore(config, {
    ...overrides,
    logger,
    channelUrl: (channel) =>
      `${new URL(slack.apiUrl).origin.replace('//api.', '//')}/app_redirect?channel=${encodeURIComponent(channel)}`,
  });
  let worker: OutboxWorker | undefined;
  wakeOnEffects(core.store, () => worker?.kick());
  const { createSlackApp } = await import('./slack/app.js');
  const { SlackChat } = await import('./slack/slack-chat.js');
  const { probeRoutes, rawPostRoute, serveProbes } = await import('./slack/http-routes.js');
  const webhookSecret = config.pagerdutyWebhookSecret;
  const webhook = webhookSecret
    ? pagerDutyWebhook({
        secret: webhookSecret,
        deps: core.deps,
        logger,
        unexpected: (error, where) => logUnexpected(logger, error, where),
      })
    : webhooksNotConfigured;
  const unexpected = (error: unknown, where: Record<string, unknown>) => logUnexpected(logger, error, where);
  const github = config.githubWebhookSecret
    ? githubWebhook({ secret: config.githubWebhookSecret, deps: core.deps, logger, unexpected })
    : notConfigured('GITHUB_WEBHOOK_SECRET', 'GitHub webhooks');
  const deployments = config.deployWebhookToken
    ? deploymentsWebhook({ token: config.deployWebhookToken, deps: core.deps, logger, unexpected })
    : notConfigured('DEPLOY_WEBHOOK_TOKEN', 'Deployment webhooks');
  const { createMetrics } = await import('./metrics/metrics.js');
  const metrics = createMetrics({ store: core.store, clock: core.deps.clock, droppedLogWrites });
  // The dashboard reads through the deps Slack's app completes (its directory), so it is made
  // once the app is; its routes are registered now and answer through it.
  let dashboard: Dashboard | undefined;
  const dashboardRoutes = config.dashboard
    ? DASHBOARD_PATHS.map((routePath) => ({
        path: routePath,
        method: ['GET', 'HEAD'],
        handler: (request: http.IncomingMessage, response: http.ServerResponse) => {
          if (dashboard) void dashboard.handle(request, response);
          else {
            response.writeHead(503);
            response.end();
          }
        },
      }))
    : [];
  const probes = probeRoutes({ health: () => core.store.ping(), metrics: () => metrics.scrape() });
  // METRICS_PORT: the probes on a port of their own, and not on PORT.
  const probesApart = config.metricsPort !== undefined;
  const app = await createSlackApp({
    token: slack.botToken,
    ...(slack.signingSecret ? { signingSecret: slack.signingSecret } : {}),
    ...(slack.appToken ? { appToken: slack.appToken } : {}),
    apiUrl: slack.apiUrl,
    port: config.port,
    ...(config.mode === 'http' ? { host: config.host } : {}),
    deps: core.deps,
    logger,
    routes: [
      ...(probesApart ? [] : probes),
      rawPostRoute(PAGERDUTY_WEBHOOK_PATH, webhook),
      rawPostRoute(GITHUB_WEBHOOK_PATH, github),
      rawPostRoute(DEPLOYMENTS_WEBHOOK_PATH, deployments),
      ...dashboardRoutes,
    ],
    observeAck: (command, seconds) => metrics.observeAck(command, seconds),
    unexpected: (error, where) => logUnexpected(logger, error, where),
  }).catch(async (error: unknown) => {
    // Slack refused the token: nothing was started, but the database was opened.
    await core.store.close();
    throw error;
  });
  const withSlack: Core = { ...core, deps: app.context.deps };
  if (config.dashboard) dashboard = createWebDashboard(withSlack, config, config.dashboard);
  const chat = new SlackChat({ client: app.app.client, botUserId: app.context.botUserId, logger });
  // Acknowledgements first: while Slack waits for answers, the worker starts one effect at a time.
  worker = createWorker(withSlack, chat, { busy: () => app.busy(), ...overrides.worker });
  worker.start();
  const ticker = startReminderTicker({
    deps: withSlack.deps,
    logger,
    everyMs: tickEvery(config.updateIntervals),
  });
  let probeServer: http.Server | undefined;
  try {
    if (config.metricsPort !== undefined)
      probeServer = await serveProbes(probes, config.metricsPort, config.host);
    await app.start();
  } catch (error) {
    // Slack refused the app token (Socket Mode), or a port is taken: undo what was started, then say why.
    ticker.stop();
    await worker.stop();
    await app.stop().catch(() => undefined);
    await closeServer(probeServer);
    await core.store.close();
    throw error;
  }
  const metricsPort = portOf(probeServer);
  logger.info(
    { mode: config.mode, port: app.port() ?? config.port, ...(probeServer ? { metricsPort } : {}) },
    'Firewatch is listening',
  );
  if (config.dashboard)
    logger.info(
      { dashboard: dashboardUrl(config.host, app.port() ?? config.port), auth: config.dashboard.auth },
      'dashboard: served',
    );
  else
    logger.info(
      'dashboard: not served; set DASHBOARD_AUTH=slack (Sign in with Slack) or proxy (behind an authenticating proxy), or off with HOST=127.0.0.1',
    );
  const running = worker;
  return {
    logger,
    core: withSlack,
    worker: running,
    port: app.port(),
    metricsPort,
    async stop() {
      ticker.stop();
      await app.stop();
      await closeServer(probeServer);
      await running.stop();
      await core.store.close();
    },
  };
}

export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    exitWith(error);
  }
  try {
    if (config.mode === 'console') {
      await startConsole(config, {
        input: process.stdin,
        output: process.stdout,
        interactive: Boolean(process.stdin.isTTY),
      });
      return;
    }
    const server = await startServer(config);
    const shutdown = (signal: string) => {
      server.logger.info({ signal }, 'shutting down: no new requests; finishing what is in flight');
      // Whatever happens, be gone within 10 s: the outbox keeps what was not done for next time.
      setTimeout(() => process.exit(1), 10_000).unref();
      server.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          server.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    // A promise nobody awaited failed: log it and keep serving (Node would otherwise exit with 1,
    // taking every in-flight request with it).
    process.on('unhandledRejection', (reason) => {
      server.logger.error({ err: reason }, 'unhandled rejection: logged, and Firewatch keeps serving');
    });
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  } catch (error) {
    if (!FirewatchError.is(error)) throw error;
    exitWith(error);
  }
}

/** A refusal at start (bad configuration, an unusable database): its words, then exit 1. */
function exitWith(error: unknown): never {
  const hint = FirewatchError.is(error) && error.hint ? `${error.hint}\n` : '';
  process.stderr.write(`${(error as Error).message}\n${hint}`);
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
