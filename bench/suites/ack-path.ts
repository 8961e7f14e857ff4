import { startTarget, type Target } from '../support/child.js';
import type { Usage } from '../support/child-protocol.js';
import { type LoadRun, loadRun } from '../support/load.js';
import { median } from '../support/numbers.js';
import { signedHeaders, slashCommandBody } from '../support/slack-requests.js';
import { tempDir } from '../support/temp.js';

export interface AckPathOptions {
  connections: number;
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  /** The longest to wait for the running worker to empty its outbox between runs. */
  drainTimeoutSeconds: number;
}

export interface Scenario {
  name: string;
  /** What the Firewatch process does for it. */
  about: string;
  text: string;
  target: Target;
}

export interface ScenarioResult {
  name: string;
  about: string;
  runs: LoadRun[];
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Median over rounds of (this run's rps / the bare Bolt run's rps in the same round). */
  rpsRatio: number;
  p50Ratio: number;
  p99Ratio: number;
  failed: number;
}

export interface AckPathResults {
  options: AckPathOptions;
  floor: ScenarioResult;
  scenarios: ScenarioResult[];
  usageAfter: Record<string, Usage>;
  usageBefore: Record<string, Usage>;
  /** help's req/s ÷ the bare app sending the same reply: what routing to it costs. */
  helpVsSameReply: number;
  /** How long the worker took to empty the outbox after each running-worker declare run. */
  drainSeconds: number[];
  outboxAfter: unknown;
}

function summarize(name: string, about: string, runs: LoadRun[], floor: LoadRun[]): ScenarioResult {
  const pick = (key: keyof LoadRun) => median(runs.map((run) => run[key]));
  const ratio = (key: 'rps' | 'p50Ms' | 'p99Ms') =>
    median(runs.map((run, round) => run[key] / floor[round]![key]));
  return {
    name,
    about,
    runs,
    rps: pick('rps'),
    p50Ms: pick('p50Ms'),
    p99Ms: pick('p99Ms'),
    rpsRatio: ratio('rps'),
    p50Ratio: ratio('p50Ms'),
    p99Ratio: ratio('p99Ms'),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
  };
}

/**
 * Slash commands over loopback, each server in its own process and the load generator in this
 * one. Each round runs every scenario once, in a rotating order, so that drift in the machine's
 * load (other people's tests) falls on all of them; ratios are taken within a round.
 */
export async function ackPathSuite(
  options: AckPathOptions,
  log: (line: string) => void,
): Promise<AckPathResults> {
  const slack = await startTarget('fake Slack', 'fake-slack.ts', ['--latency-ms=0']);
  const firewatch = (name: string, worker: 'running' | 'paused', ...extra: string[]) =>
    startTarget(name, 'firewatch.ts', [
      `--dir=${tempDir('ack')}`,
      `--slack-api=${slack.url}`,
      `--announce=${String(slack.info.announceChannel)}`,
      `--worker=${worker}`,
      ...extra,
    ]);
  const bare = await startTarget('bare Bolt', 'bare-bolt.ts');
  const bareReply = await startTarget("bare Bolt, help's reply", 'bare-bolt.ts', ['--reply=help']);
  // One Firewatch process per scenario, so that no scenario inherits another's outbox backlog.
  const idle = await firewatch('Firewatch (help)', 'running');
  const paused = await firewatch('Firewatch (declare, outbox paused)', 'paused');
  const running = await firewatch('Firewatch (declare, outbox running)', 'running');
  const full = await firewatch('Firewatch (declare, synchronous=FULL)', 'paused', '--synchronous=FULL');
  const targets = [bare, bareReply, idle, paused, running, full, slack];
  const drains: number[] = [];
  /** Lets the worker finish the run's effects before anything else is measured. */
  const drain = async () => {
    const start = performance.now();
    while (performance.now() - start < options.drainTimeoutSeconds * 1000) {
      if ((await running.call<{ pending: number }>('outbox')).pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    drains.push((performance.now() - start) / 1000);
  };
  try {
    const usageBefore = Object.fromEntries(
      await Promise.all(targets.map(async (target) => [target.name, await target.usage()] as const)),
    );
    const floorScenario: Scenario = { name: 'bare Bolt', about: 'ack()', text: 'help', target: bare };
    const scenarios: Scenario[] = [
      {
        name: "bare Bolt, help's reply",
        about: 'ack() with the 2.5 KB help body, prepared once',
        text: 'help',
        target: bareReply,
      },
      { name: 'help', about: 'routing and a rendered reply', text: 'help', target: idle },
      {
        name: 'declare (outbox paused)',
        about: 'grammar, use case, one store commit with 5 effects',
        text: 'declare sev3 Checkout latency is high',
        target: paused,
      },
      {
        name: 'declare (outbox paused, synchronous=FULL)',
        about: 'the same with an fsync per commit: the durability the store trades away',
        text: 'declare sev3 Checkout latency is high',
        target: full,
      },
      {
        name: 'declare (outbox running)',
        about: 'the same, while the worker sends the effects to the fake Slack',
        text: 'declare sev3 Checkout latency is high',
        target: running,
      },
    ];
    const all = [floorScenario, ...scenarios];
    const run = (scenario: Scenario, seconds: number) => {
      const body = slashCommandBody(scenario.text);
      return loadRun({
        url: scenario.target.url,
        body,
        headers: signedHeaders(body),
        connections: options.connections,
        seconds,
      });
    };
    for (const scenario of all) {
      await run(scenario, options.warmupSeconds);
      if (scenario.target === running) await drain();
    }
    drains.length = 0;
    const runs = new Map<Scenario, LoadRun[]>(all.map((scenario) => [scenario, []]));
    for (let round = 0; round < options.rounds; round++) {
      const order = all.map((_, index) => all[(index + round) % all.length]!);
      for (const scenario of order) {
        const result = await run(scenario, options.seconds);
        runs.get(scenario)!.push(result);
        if (scenario.target === running) await drain();
        log(
          `  round ${round + 1} ${scenario.name}: ${Math.round(result.rps)}/s p50 ${result.p50Ms.toFixed(2)} ms p99 ${result.p99Ms.toFixed(2)} ms${result.failed ? ` (${result.failed} failed)` : ''}`,
        );
      }
    }
    const floorRuns = runs.get(floorScenario)!;
    const helpRuns = runs.get(scenarios.find((scenario) => scenario.name === 'help')!)!;
    const sameReplyRuns = runs.get(scenarios[0]!)!;
    const usageAfter = Object.fromEntries(
      await Promise.all(targets.map(async (target) => [target.name, await target.usage()] as const)),
    );
    return {
      options,
      floor: summarize(floorScenario.name, floorScenario.about, floorRuns, floorRuns),
      scenarios: scenarios.map((scenario) =>
        summarize(scenario.name, scenario.about, runs.get(scenario)!, floorRuns),
      ),
      usageBefore,
      usageAfter,
      helpVsSameReply: median(helpRuns.map((run, round) => run.rps / sameReplyRuns[round]!.rps)),
      drainSeconds: drains,
      outboxAfter: await running.call('outbox'),
    };
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}
