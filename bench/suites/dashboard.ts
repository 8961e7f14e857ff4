import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { handleCommand } from '../../src/commands/router.js';
import { loadConfig } from '../../src/config.js';
import { composeCore } from '../../src/main.js';
import { REPO, startTarget } from '../support/child.js';
import { median, quantile } from '../support/numbers.js';
import { startProduction } from '../support/production.js';
import { BENCH_SIGNING_SECRET, BENCH_TOKEN } from '../support/slack-requests.js';
import { tempDir } from '../support/temp.js';

export interface DashboardPage {
  name: string;
  path: string;
  /** Under this p99, the goal is met. */
  goalMs: number;
  medianMs: number;
  p99Ms: number;
  /** p99 against the static page's p99, measured in the same rounds. */
  p99Ratio: number;
}

export interface DashboardResults {
  requests: number;
  events: number;
  floor: { path: string; medianMs: number; p99Ms: number };
  pages: DashboardPage[];
}

/** An incident with `events` timeline entries, declared and noted through the real command path. */
async function longIncident(db: string, events: number): Promise<string> {
  const config = loadConfig({
    DATABASE_URL: db,
    RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    TEMPLATES_DIR: path.join(REPO, 'templates'),
  });
  const core = await composeCore(config, { logger: pino({ level: 'silent' }) });
  const actor = { user: 'UALICE', channel: 'CGENERAL', zone: 'UTC' };
  const run = async (text: string) => {
    const answer = await handleCommand(core.deps, text, actor, {
      unexpected: (error) => {
        throw error;
      },
    });
    if (answer.failed) throw new Error(`${text} failed: ${JSON.stringify(answer)}`);
  };
  await run('declare sev2 service:payments Checkout latency with a very long timeline');
  const id = `INC-${(await core.store.nextIncidentNumber()) - 1}`;
  for (let i = 2; i <= events; i++) await run(`note ${id} Observation ${i}: p99 latency at ${200 + i} ms`);
  await core.store.close();
  return id;
}

/**
 * The dashboard's pages over the seeded history, read one request after another as a person reads
 * them, each round also fetching a static file from the same server (the floor): `/`, `/reports`
 * (its default 90 days) and an incident with a thousand timeline events.
 */
export async function dashboardSuite(
  historyDb: string,
  options: { rounds: number; events: number },
): Promise<DashboardResults> {
  const dir = tempDir('dashboard');
  const db = path.join(dir, 'history.db');
  fs.copyFileSync(historyDb, db);
  const incident = await longIncident(db, options.events);
  const slack = await startTarget('fake Slack', 'fake-slack.ts');
  // As `npm start` runs it, the dashboard open to this machine only.
  const firewatch = await startProduction('Firewatch', {
    SLACK_BOT_TOKEN: BENCH_TOKEN,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    DATABASE_URL: db,
    RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    TEMPLATES_DIR: path.join(REPO, 'templates'),
    POSTMORTEMS_DIR: path.join(dir, 'postmortems'),
    DASHBOARD_AUTH: 'off',
    HOST: '127.0.0.1',
  });
  const base = firewatch.url.replace(/\/slack\/events$/, '');
  // The long incident's notes left effects (posts, card refreshes): let the worker finish them first.
  while ((await firewatch.pendingEffects()) > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  const floorPath = '/assets/dashboard.css';
  const pages = [
    { name: 'incidents (`/`)', path: '/', goalMs: 150 },
    { name: 'reports (`/reports`, 90 days)', path: '/reports', goalMs: 150 },
    {
      name: `incident with ${options.events.toLocaleString('en')} events`,
      path: `/incidents/${incident}`,
      goalMs: 100,
    },
  ];
  const get = async (url: string) => {
    const start = performance.now();
    const response = await fetch(url);
    const body = await response.arrayBuffer();
    if (response.status !== 200 || body.byteLength === 0) throw new Error(`${url}: HTTP ${response.status}`);
    return performance.now() - start;
  };
  try {
    const times = new Map<string, number[]>([
      [floorPath, []],
      ...pages.map((page): [string, number[]] => [page.path, []]),
    ]);
    // Warm up, then alternate, so load and caches treat the floor and the pages alike.
    for (const route of times.keys()) for (let i = 0; i < 3; i++) await get(`${base}${route}`);
    for (let round = 0; round < options.rounds; round++)
      for (const [route, list] of times) list.push(await get(`${base}${route}`));
    const floor = times.get(floorPath)!;
    const floorP99 = quantile(floor, 0.99);
    return {
      requests: options.rounds,
      events: options.events,
      floor: { path: floorPath, medianMs: median(floor), p99Ms: floorP99 },
      pages: pages.map((page) => {
        const list = times.get(page.path)!;
        const p99Ms = quantile(list, 0.99);
        return { ...page, medianMs: median(list), p99Ms, p99Ratio: p99Ms / floorP99 };
      }),
    };
  } finally {
    await firewatch.stop();
    await slack.stop();
  }
}
