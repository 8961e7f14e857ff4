import fs from 'node:fs';
import path from 'node:path';
import { REPO, startTarget } from '../support/child.js';
import type { Usage } from '../support/child-protocol.js';
import { type LoadRun, loadRun } from '../support/load.js';
import { median } from '../support/numbers.js';
import { startProduction } from '../support/production.js';
import { BENCH_SIGNING_SECRET, BENCH_TOKEN, freshSlashCommand } from '../support/slack-requests.js';
import { tempDir } from '../support/temp.js';

export interface AckPathOptions {
  connections: number;
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  /** The longest to wait for the running worker to empty its outbox between runs. */
  drainTimeoutSeconds: number;
  /** Node options for the Firewatch processes (`--cpu-prof --cpu-prof-dir=…` to profile them). */
  firewatchExecArgv?: string[];
}

interface Server {
  name: string;
  url: string;
  usage(): Usage | Promise<Usage>;
}

export interface Scenario {
  name: string;
  /** What the process does for it. */
  about: string;
  text: string;
  target: Server;
  /** The scenario it is measured against (itself for a floor). */
  floor?: Scenario;
}

/** A load run, with the CPU time the server spent on it per acknowledged request. */
export type MeasuredRun = LoadRun & { cpuMicrosPerAck: number };

export interface ScenarioResult {
  name: string;
  about: string;
  /** The floor's name. */
  floor: string;
  runs: MeasuredRun[];
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * CPU time (user + system) the server process used during the run, per acknowledged request.
   * Unlike req/s, it hardly moves with what else the machine is running.
   */
  cpuMicrosPerAck: number;
  /** Median over rounds of (this run's rps / its floor's rps in the same round). */
  rpsRatio: number;
  p50Ratio: number;
  p99Ratio: number;
  cpuRatio: number;
  failed: number;
}

export interface AckPathResults {
  options: AckPathOptions;
  scenarios: ScenarioResult[];
  /** The size of the replies the floors send (Firewatch's own, captured at start), in bytes. */
  replyBytes: { help: number; declare: number };
  /** Processes by name, each with the floor process it is compared with (itself for a floor). */
  processes: Array<{ name: string; floor: string }>;
  usageAfter: Record<string, Usage>;
  usageBefore: Record<string, Usage>;
  /** How long the worker took to empty the outbox after each declare run. */
  drainSeconds: number[];
  /** Effects still pending at the end of the suite. */
  pendingAfter: number;
}

function summarize(scenario: Scenario, runs: MeasuredRun[], floor: MeasuredRun[]): ScenarioResult {
  const pick = (key: keyof MeasuredRun) => median(runs.map((run) => run[key]));
  const ratio = (key: 'rps' | 'p50Ms' | 'p99Ms' | 'cpuMicrosPerAck') =>
    median(runs.map((run, round) => run[key] / floor[round]![key]));
  return {
    name: scenario.name,
    about: scenario.about,
    floor: (scenario.floor ?? scenario).name,
    runs,
    rps: pick('rps'),
    p50Ms: pick('p50Ms'),
    p99Ms: pick('p99Ms'),
    cpuMicrosPerAck: pick('cpuMicrosPerAck'),
    rpsRatio: ratio('rps'),
    p50Ratio: ratio('p50Ms'),
    p99Ratio: ratio('p99Ms'),
    cpuRatio: ratio('cpuMicrosPerAck'),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
  };
}

/** Sends one command and keeps Firewatch's answer (the ack's JSON body) in a file for a floor to send. */
async function captureReply(url: string, text: string): Promise<string> {
  const { body, headers } = freshSlashCommand(text);
  const response = await fetch(url, { method: 'POST', headers, body });
  const reply = await response.text();
  if (response.status !== 200 || !reply.startsWith('{'))
    throw new Error(`/incident ${text}: HTTP ${response.status} ${reply.slice(0, 200)}`);
  const file = path.join(tempDir('reply'), 'reply.json');
  fs.writeFileSync(file, reply);
  return file;
}

/**
 * Slash commands over loopback, each server in its own process and the load generator in this
 * one. Firewatch runs as `npm start` runs it (see startProduction); each floor is a bare Bolt app
 * acknowledging with the very reply Firewatch sent for the same command. Each round runs every
 * scenario once, in a rotating order, so that drift in the machine's load (other people's tests)
 * falls on all of them; ratios are taken within a round.
 */
export async function ackPathSuite(
  options: AckPathOptions,
  log: (line: string) => void,
): Promise<AckPathResults> {
  const slack = await startTarget('fake Slack', 'fake-slack.ts', ['--latency-ms=0']);
  const firewatch = (name: string) =>
    startProduction(
      name,
      {
        SLACK_BOT_TOKEN: BENCH_TOKEN,
        SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        DATABASE_URL: path.join(tempDir('ack'), 'firewatch.db'),
        POSTMORTEMS_DIR: path.join(tempDir('ack'), 'postmortems'),
        RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
        TEMPLATES_DIR: path.join(REPO, 'templates'),
        INCIDENT_ANNOUNCE_CHANNEL: String(slack.info.announceChannel),
      },
      { ...(options.firewatchExecArgv ? { execArgv: options.firewatchExecArgv } : {}) },
    );
  // One Firewatch process per scenario, so that help never runs beside declare's outbox backlog.
  const helping = await firewatch('Firewatch (help)');
  const declaring = await firewatch('Firewatch (declare)');
  const bolt = (name: string, replyFile?: string) =>
    startTarget(name, 'bare-bolt.ts', replyFile ? [`--reply-file=${replyFile}`] : [], {
      env: { NODE_ENV: 'production' },
    });
  const helpReply = await captureReply(helping.url, 'help');
  const declareReply = await captureReply(declaring.url, 'declare sev3 Checkout latency is high');
  const bare = await bolt('bare Bolt');
  const bareHelp = await bolt("bare Bolt, help's reply", helpReply);
  const bareDeclare = await bolt("bare Bolt, declare's reply", declareReply);
  const stoppable = [bare, bareHelp, bareDeclare, helping, declaring, slack];
  const servers: Server[] = [bare, bareHelp, bareDeclare, helping, declaring, slack];
  const drains: number[] = [];
  /** Lets the worker finish the run's effects before anything else is measured. */
  const drain = async () => {
    const start = performance.now();
    while (performance.now() - start < options.drainTimeoutSeconds * 1000) {
      if ((await declaring.pendingEffects()) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    drains.push((performance.now() - start) / 1000);
  };
  const usage = async () =>
    Object.fromEntries(
      await Promise.all(servers.map(async (server) => [server.name, await server.usage()] as const)),
    );
  try {
    const usageBefore = await usage();
    const declareText = 'declare sev3 Checkout latency is high';
    const plain: Scenario = { name: 'bare Bolt', about: 'ack(), no reply', text: 'help', target: bare };
    const helpFloor: Scenario = {
      name: "bare Bolt, help's reply",
      about: "ack() with Firewatch's help reply, read once at start",
      text: 'help',
      target: bareHelp,
    };
    const declareFloor: Scenario = {
      name: "bare Bolt, declare's reply",
      about: "ack() with Firewatch's reply to a declare, read once at start",
      text: declareText,
      target: bareDeclare,
    };
    const help: Scenario = {
      name: 'help',
      about: 'routing and the rendered help',
      text: 'help',
      target: helping,
      floor: helpFloor,
    };
    const declare: Scenario = {
      name: 'declare',
      about: 'grammar, use case, one store commit with 5 effects, the reply; the worker sending effects',
      text: declareText,
      target: declaring,
      floor: declareFloor,
    };
    const all = [plain, helpFloor, declareFloor, help, declare];
    const run = async (scenario: Scenario, seconds: number): Promise<MeasuredRun> => {
      const before = await scenario.target.usage();
      const result = await loadRun({
        url: scenario.target.url,
        request: () => freshSlashCommand(scenario.text),
        connections: options.connections,
        seconds,
      });
      const cpu = (await scenario.target.usage()).cpuMicros - before.cpuMicros;
      return { ...result, cpuMicrosPerAck: cpu / result.acked };
    };
    for (const scenario of all) {
      await run(scenario, options.warmupSeconds);
      if (scenario === declare) await drain();
    }
    drains.length = 0;
    const runs = new Map<Scenario, MeasuredRun[]>(all.map((scenario) => [scenario, []]));
    for (let round = 0; round < options.rounds; round++) {
      const order = all.map((_, index) => all[(index + round) % all.length]!);
      for (const scenario of order) {
        const result = await run(scenario, options.seconds);
        runs.get(scenario)!.push(result);
        if (scenario === declare) await drain();
        log(
          `  round ${round + 1} ${scenario.name}: ${Math.round(result.rps)}/s p50 ${result.p50Ms.toFixed(2)} ms p99 ${result.p99Ms.toFixed(2)} ms, ${Math.round(result.cpuMicrosPerAck)} µs CPU an ack${result.failed ? ` (${result.failed} failed)` : ''}`,
        );
      }
    }
    const usageAfter = await usage();
    return {
      options,
      scenarios: all.map((scenario) =>
        summarize(scenario, runs.get(scenario)!, runs.get(scenario.floor ?? scenario)!),
      ),
      replyBytes: { help: fs.statSync(helpReply).size, declare: fs.statSync(declareReply).size },
      processes: [
        { name: bare.name, floor: bare.name },
        { name: bareHelp.name, floor: bareHelp.name },
        { name: bareDeclare.name, floor: bareDeclare.name },
        { name: helping.name, floor: bareHelp.name },
        { name: declaring.name, floor: bareDeclare.name },
        { name: slack.name, floor: slack.name },
      ],
      usageBefore,
      usageAfter,
      drainSeconds: drains,
      pendingAfter: await declaring.pendingEffects(),
    };
  } finally {
    await Promise.all(stoppable.map((server) => server.stop()));
  }
}
