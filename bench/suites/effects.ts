import fs from 'node:fs';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { handleCommand } from '../../src/commands/router.js';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/main.js';
import { incidentCard } from '../../src/messages/incident-card.js';
import { renderMessage } from '../../src/slack/render-blocks.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { REPO, startTarget, type Target } from '../support/child.js';
import { declareDecision } from '../support/declare-commit.js';
import { BENCH_SIGNING_SECRET, BENCH_TOKEN } from '../support/slack-requests.js';
import { tempDir } from '../support/temp.js';

/** What Slack must see for each incident, in this order. */
const SETUP = [
  'conversations.create',
  'conversations.invite',
  'conversations.setTopic',
  'chat.postMessage',
  'pins.add',
  'announce',
];

interface TimelineEntry {
  method: string;
  incident: string | null;
}

export interface EffectsRun {
  label: string;
  latencyMs: number;
  incidents: number;
  /** Incidents fully set up per second by the outbox worker. */
  outboxRate: number;
  /** The same calls made straight with a Web API client, as many incidents at once: the floor. */
  floorRate: number;
  ratio: number;
  concurrency: number;
  /** The most incidents the worker had in progress at once, as Slack saw it. */
  maxInProgress: number;
  orderProblems: string[];
}

/**
 * From Slack's side: every incident set up completely and in order (channel, invite, topic, card,
 * pin, then its announcement), and how many incidents were in progress at once.
 */
export function checkOrder(
  timeline: TimelineEntry[],
  incidents: number,
): { problems: string[]; maxInProgress: number } {
  const byIncident = new Map<string, Array<{ method: string; index: number }>>();
  timeline.forEach((entry, index) => {
    if (!entry.incident) return;
    const list = byIncident.get(entry.incident) ?? [];
    list.push({ method: entry.method, index });
    byIncident.set(entry.incident, list);
  });
  const problems: string[] = [];
  if (byIncident.size !== incidents)
    problems.push(`${byIncident.size} of ${incidents} incidents reached Slack`);
  const spans: Array<[number, number]> = [];
  for (const [incident, list] of byIncident) {
    const methods = list.map((entry) => entry.method).join(' → ');
    if (methods !== SETUP.join(' → ')) problems.push(`incident ${incident}: ${methods}`);
    spans.push([list[0]!.index, list.at(-1)!.index]);
  }
  let maxInProgress = 0;
  for (const [start] of spans)
    maxInProgress = Math.max(
      maxInProgress,
      spans.filter(([from, to]) => from <= start && start <= to).length,
    );
  return { problems: problems.slice(0, 5), maxInProgress };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The floor: a Web API client making the same six calls per incident, `concurrency` incidents at a time. */
async function floorRun(slack: Target, announce: string, incidents: number, concurrency: number) {
  const client = new webApi.WebClient(BENCH_TOKEN, {
    slackApiUrl: slack.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const card = renderMessage(
    incidentCard(declareDecision(1, new Date().toISOString()).incident, { now: new Date().toISOString() }),
  );
  let next = 1;
  const setUp = async (number: number) => {
    const created = await client.conversations.create({ name: `floor-${number}-checkout-latency-is-high` });
    const channel = created.channel!.id!;
    await client.conversations.invite({ channel, users: 'UALICE' });
    await client.conversations.setTopic({ channel, topic: `INC-${number} Checkout latency is high` });
    const posted = await client.chat.postMessage({ channel, text: card.text, blocks: card.blocks as never });
    await client.pins.add({ channel, timestamp: posted.ts! });
    await client.chat.postMessage({
      channel: announce,
      text: `INC-${number} ${card.text}`,
      blocks: card.blocks as never,
    });
  };
  const lane = async () => {
    while (next <= incidents) await setUp(next++);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return incidents / ((performance.now() - start) / 1000);
}

/**
 * Incidents declared with the worker stopped (their effects wait in the outbox), then the worker
 * started as production starts it; timed until the outbox is empty.
 */
async function outboxRun(slack: Target, announce: string, incidents: number, historyDb?: string) {
  const dir = tempDir('effects');
  const database = path.join(dir, 'firewatch.db');
  if (historyDb) fs.copyFileSync(historyDb, database);
  const config = loadConfig({
    SLACK_BOT_TOKEN: BENCH_TOKEN,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    DATABASE_URL: database,
    RUNBOOKS_DIR: `${REPO}/runbooks`,
    TEMPLATES_DIR: `${REPO}/templates`,
    POSTMORTEMS_DIR: `${dir}/postmortems`,
    INCIDENT_ANNOUNCE_CHANNEL: announce,
    // Hundreds of declarations from one bench user, on purpose.
    DECLARE_RATE_LIMIT: 'off',
  });
  const server = await startServer(config, {
    logger: pino({ level: 'info' }, pino.destination('/dev/null')),
  });
  try {
    await server.worker.stop();
    const actor = { user: 'UALICE', channel: 'CGENERAL', zone: 'UTC' };
    for (let i = 0; i < incidents; i++) {
      await handleCommand(server.core.deps, 'declare sev3 Checkout latency is high', actor, {
        unexpected: (error) => {
          throw error;
        },
      });
    }
    const pending = (server.core.store as SqliteStore).connection.prepare(
      "SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'pending') AS pending",
    );
    const start = performance.now();
    server.worker.start();
    await waitFor(() => (pending.get() as { pending: number }).pending === 0, 120_000);
    const rate = incidents / ((performance.now() - start) / 1000);
    const failed = (await server.core.store.outboxStats()).failed;
    return { rate, failed };
  } finally {
    await server.stop();
  }
}

export interface EffectsOptions {
  /** `historyDb`: start from a copy of this database (a long history of finished effects). */
  runs: Array<{ label: string; latencyMs: number; incidents: number; historyDb?: string }>;
  /** The worker's default, which the floor matches. */
  concurrency: number;
}

export async function effectsSuite(
  options: EffectsOptions,
  log: (line: string) => void,
): Promise<EffectsRun[]> {
  const results: EffectsRun[] = [];
  for (const { label, latencyMs, incidents, historyDb } of options.runs) {
    const slack = await startTarget('fake Slack', 'fake-slack.ts', [`--latency-ms=${latencyMs}`]);
    try {
      const announce = String(slack.info.announceChannel);
      const floorRate = await floorRun(slack, announce, incidents, options.concurrency);
      const floorOrder = checkOrder(await slack.call<TimelineEntry[]>('timeline'), incidents);
      if (floorOrder.problems.length > 0)
        throw new Error(`the floor run is wrong: ${floorOrder.problems[0]}`);
      await slack.call('reset');
      const outbox = await outboxRun(slack, announce, incidents, historyDb);
      const order = checkOrder(await slack.call<TimelineEntry[]>('timeline'), incidents);
      const problems = [...order.problems, ...(outbox.failed ? [`${outbox.failed} effects failed`] : [])];
      problems.push(...(await slack.call<string[]>('problems')));
      results.push({
        label,
        latencyMs,
        incidents,
        outboxRate: outbox.rate,
        floorRate,
        ratio: outbox.rate / floorRate,
        concurrency: options.concurrency,
        maxInProgress: order.maxInProgress,
        orderProblems: problems,
      });
      log(
        `  ${label}: outbox ${outbox.rate.toFixed(1)}/s, floor ${floorRate.toFixed(1)}/s, ${order.maxInProgress} at once${problems.length ? `, PROBLEMS: ${problems[0]}` : ''}`,
      );
    } finally {
      await slack.stop();
    }
  }
  return results;
}
