import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/main.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { REPO } from '../support/child.js';
import { argument, serveParent } from '../support/child-side.js';
import { BENCH_SIGNING_SECRET, BENCH_TOKEN } from '../support/slack-requests.js';

/**
 * Firewatch as it runs in production (startServer: Bolt over HTTP, the store, the outbox worker,
 * the reminder ticker, logging at info), on a database and a fake Slack the bench names.
 * `--worker=paused` stops the outbox worker once started, to time the ack path alone.
 */
const dir = argument('dir');
const announce = argument('announce', '');
// `--dashboard=off`: the web dashboard, open to this machine only (DASHBOARD_AUTH=off on loopback).
const dashboard = argument('dashboard', '');
const config = loadConfig({
  SLACK_BOT_TOKEN: BENCH_TOKEN,
  SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
  SLACK_API_URL: argument('slack-api'),
  PORT: '0',
  DATABASE_URL: argument('db', path.join(dir, 'firewatch.db')),
  RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
  TEMPLATES_DIR: path.join(REPO, 'templates'),
  POSTMORTEMS_DIR: path.join(dir, 'postmortems'),
  LOG_LEVEL: 'info',
  // The ack path is measured with thousands of declarations from one bench user.
  DECLARE_RATE_LIMIT: 'off',
  ...(announce ? { INCIDENT_ANNOUNCE_CHANNEL: announce } : {}),
  ...(dashboard ? { DASHBOARD_AUTH: dashboard, HOST: '127.0.0.1' } : {}),
});
const server = await startServer(config);
if (argument('worker', 'running') === 'paused') await server.worker.stop();
// The store's durability trade-off (see SqliteStore.open), switched per process to measure both.
const synchronous = argument('synchronous', '');
if (synchronous) (server.core.store as SqliteStore).connection.pragma(`synchronous = ${synchronous}`);
serveParent(
  { port: server.port!, url: `http://127.0.0.1:${server.port}/slack/events` },
  () => server.stop(),
  {
    outbox: () => server.core.store.outboxStats(),
    metrics: async () => (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text(),
  },
);
