import type { AckPathResults, ScenarioResult } from '../suites/ack-path.js';
import type { DashboardResults } from '../suites/dashboard.js';
import type { EffectsRun } from '../suites/effects.js';
import type { MemoryResults } from '../suites/memory.js';
import type { PostgresResults } from '../suites/postgres.js';
import type { StartupResults } from '../suites/startup.js';
import type { StatsResults } from '../suites/stats.js';
import type { StoreCommitResults } from '../suites/store-commits.js';
import type { Machine } from './machine.js';
import { fmt } from './numbers.js';
import type { SeedResult } from './seed.js';

export interface BenchResults {
  startedAt: string;
  seconds: number;
  machine: Machine;
  loadAfter: number[];
  ack: AckPathResults;
  effects: EffectsRun[];
  commits: StoreCommitResults;
  seed: SeedResult;
  stats: StatsResults;
  dashboard: DashboardResults;
  memory: MemoryResults;
  startup: StartupResults;
  /** Absent when no PostgreSQL server was given (BENCH_POSTGRES_URL or TEST_POSTGRES_URL). */
  postgres?: PostgresResults;
}

export interface Goal {
  goal: string;
  measured: string;
  met: boolean;
}

function scenario(results: BenchResults, name: string): ScenarioResult {
  const found = results.ack.scenarios.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
}

export function goals(results: BenchResults): Goal[] {
  const { ack } = results;
  const help = scenario(results, 'help');
  const declare = scenario(results, 'declare');
  const worstP99 = Math.max(help.p99Ms, declare.p99Ms);
  const failed = ack.scenarios.reduce((sum, s) => sum + s.failed, 0);
  const normal = results.commits.bySynchronous.find((rates) => rates.synchronous === 'NORMAL')!;
  const built = results.startup.variants.find((variant) => variant.command === 'node dist/main.js')!;
  return [
    {
      goal: "help ≥ 0.9 × bare Bolt sending help's reply (req/s)",
      measured: fmt.ratio(help.rpsRatio),
      met: help.rpsRatio >= 0.9,
    },
    {
      goal: "declare ≥ 0.6 × bare Bolt sending declare's reply (req/s), outbox worker running",
      measured: fmt.ratio(declare.rpsRatio),
      met: declare.rpsRatio >= 0.6,
    },
    {
      goal: `p99 ack < 50 ms at ${ack.options.connections} connections (worst of help and declare)`,
      measured: fmt.ms(worstP99),
      met: worstP99 < 50,
    },
    {
      goal: 'no request refused or failed (non-2xx, errors, timeouts)',
      measured: String(failed),
      met: failed === 0,
    },
    ...ack.processes
      .filter((process) => process.name !== process.floor)
      .map((process) => {
        const ratio = ack.usageAfter[process.name]!.rssBytes / ack.usageAfter[process.floor]!.rssBytes;
        return {
          goal: `RSS after the load: ${process.name} ≤ 1.5 × ${process.floor}`,
          measured: fmt.ratio(ratio),
          met: ratio <= 1.5,
        };
      }),
    {
      goal: 'store commit ≥ 0.5 × raw better-sqlite3 inserts (synchronous=NORMAL)',
      measured: fmt.ratio(normal.ratio),
      met: normal.ratio >= 0.5,
    },
    ...results.stats.windows.map((window) => ({
      goal: `\`/incident ${window.command}\` (${window.inWindow.toLocaleString('en')} of ${results.stats.incidents.toLocaleString('en')} incidents, ${results.seed.events.toLocaleString('en')} events) < 100 ms`,
      measured: fmt.ms(window.statsMs),
      met: window.statsMs < 100,
    })),
    ...results.dashboard.pages.map((page) => ({
      goal: `dashboard ${page.name}, ${results.seed.incidents.toLocaleString('en')} incidents: p99 < ${page.goalMs} ms`,
      measured: `${fmt.ms(page.p99Ms)} (${fmt.ratio(page.p99Ratio)} a static file)`,
      met: page.p99Ms < page.goalMs,
    })),
    {
      goal: 'start-up to /healthz 200 < 1 s (node dist/main.js)',
      measured: fmt.ms(built.medianMs),
      met: built.medianMs < 1000,
    },
  ];
}

const WINDOW_LONGEST = (stats: StatsResults) => Math.max(...stats.windows.map((window) => window.windowDays));

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A plain-text table for the terminal. */
export function consoleTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function goalRows(results: BenchResults): string[][] {
  return goals(results).map((goal) => [goal.goal, goal.measured, goal.met ? 'met' : 'NOT MET']);
}

export function ackRows(results: BenchResults): string[][] {
  return results.ack.scenarios.map((s) => [
    s.name,
    s.floor === s.name ? '(a floor)' : s.floor,
    fmt.rate(s.rps),
    fmt.ratio(s.rpsRatio),
    fmt.ms(s.p50Ms),
    fmt.ratio(s.p50Ratio),
    fmt.ms(s.p99Ms),
    fmt.ratio(s.p99Ratio),
    `${Math.round(s.cpuMicrosPerAck)} µs`,
    fmt.ratio(s.cpuRatio),
  ]);
}

export const ACK_HEADER = [
  'scenario',
  'floor',
  'req/s',
  '× floor',
  'p50',
  '× floor',
  'p99',
  '× floor',
  'CPU an ack',
  '× floor',
];

export function effectsRows(results: BenchResults): string[][] {
  return results.effects.map((run) => [
    run.label,
    String(run.incidents),
    fmt.rate(run.outboxRate),
    fmt.rate(run.floorRate),
    fmt.ratio(run.ratio),
    `${run.maxInProgress} of ${run.concurrency}`,
    run.orderProblems.length === 0 ? 'all in order' : run.orderProblems.join('; '),
  ]);
}

export const EFFECTS_HEADER = [
  'run',
  'incidents',
  'outbox: set up/s',
  'floor: set up/s',
  'ratio',
  'incidents at once',
  'order check',
];

function usageRows(results: BenchResults): string[][] {
  const { usageBefore, usageAfter, processes } = results.ack;
  return processes.map(({ name, floor }) => [
    name,
    fmt.mb(usageBefore[name]!.rssBytes),
    fmt.mb(usageAfter[name]!.rssBytes),
    floor === name ? '' : fmt.ratio(usageAfter[name]!.rssBytes / usageAfter[floor]!.rssBytes),
    `${((usageAfter[name]!.cpuMicros - usageBefore[name]!.cpuMicros) / 1e6).toFixed(1)} s`,
  ]);
}

export function markdown(results: BenchResults, findings: string): string {
  const { machine, ack, commits, stats, memory, startup, seed } = results;
  return `# Firewatch benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${results.startedAt}, in ${Math.round(results.seconds)} s. Every
figure below is also given as a ratio against a floor measured **in the same run**: a bare Bolt app for
the ack path, plain Web API calls for effects, raw better-sqlite3 inserts for the store. Absolute
numbers move with the machine and its neighbours; the ratios are what to compare between runs.
The hot spots found with \`node --cpu-prof\`, what was changed and the before/after numbers are in
[Findings](#findings) at the end (kept in bench/findings.md, appended to each run).

## Machine

| | |
|---|---|
| CPU | ${machine.cpuModel}, ${machine.cores} cores |
| memory | ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB |
| Node.js | ${machine.node} |
| OS | ${machine.os} |
| code | ${machine.commit} |
| load average (1, 5, 15 min) | ${machine.loadAverage.map((value) => value.toFixed(2)).join(', ')} at the start, ${results.loadAfter.map((value) => value.toFixed(2)).join(', ')} at the end |

## Goals

${table(['goal', 'measured', ''], goalRows(results))}

## 1. Ack path: Firewatch against a bare Bolt app

Signed \`/incident\` slash commands over loopback, each with its own trigger_id and signature (as
Slack sends them: Firewatch answers a repeated trigger_id as a replay, without recording anything),
${ack.options.connections} connections for ${ack.options.seconds} s a run, ${ack.options.rounds} rounds after a ${ack.options.warmupSeconds} s warm-up of each;
within a round the scenarios run one after another in a rotating order, and each ratio is the median
over rounds of (scenario ÷ its floor in the same round). Medians of the rounds are shown. **CPU an
ack** is the CPU time (user + system, read from \`/proc\`) the server process used during the run ÷ the
requests it acknowledged: on a shared machine it moves far less than req/s with what the neighbours
run (for declare it includes what the worker did during the run).

Processes: the load generator (autocannon, in the bench process), each server in its own process, and
the fake Slack in another. With two cores, a server in the bench's own process would share a core and
an event loop with the load generator; separate processes let the server under test have a core while
the load generator has the other, the way Slack's traffic arrives from elsewhere. All servers stay up
for the whole suite, so every scenario meets the same machine.

- **Firewatch** runs exactly as \`npm start\` runs it: the start script's command (\`main()\`, its
  configuration from the environment), \`NODE_ENV=production\`, logging at the default level (info) to
  standard output (a file), the outbox worker and the reminder ticker running; nothing overridden.
  The bench reads its port from its log, its outbox from \`/metrics\` and its RSS and CPU time from
  \`/proc\`, and stops it with SIGTERM. One process answers help, another declares, so that help
  never runs beside declare's outbox backlog.
- **The floors**: Bolt from this repo's node_modules (HTTPReceiver, its signature check, the same
  \`/slack/events\` endpoint, \`NODE_ENV=production\`), with one \`/incident\` listener that acknowledges
  with the very reply Firewatch sent for the same command, captured at start
  (help: ${ack.replyBytes.help.toLocaleString('en')} bytes; declare: ${ack.replyBytes.declare.toLocaleString('en')} bytes), so the floor sends the same bytes and
  only what Firewatch spends to make them is measured. **bare Bolt** (\`ack()\` with no reply) is shown
  for scale.
- **help**: \`/incident help\`: routing and the rendered help.
- **declare**: \`/incident declare sev3 …\`, each request from its own person (one person's
  declarations are limited by DECLARE_RATE_LIMIT, 20 a minute by default): grammar, rate check, use
  case, one store commit (incident, event, participant, 5 outbox effects, the request's trigger_id and
  rate slot), the reply in the ack, while the worker runs in the same process as production runs it:
  during the burst it starts one effect at a time, at most every 100 ms (acknowledgements first), and
  sends each incident's 6 Slack calls to the fake Slack at full concurrency once the burst is over.
  After each run the bench waits for the worker to empty the outbox (up to
  ${ack.options.drainTimeoutSeconds} s) before the next scenario; it took ${ack.drainSeconds.map((seconds) => `${seconds.toFixed(1)} s`).join(', ')}.

${table(ACK_HEADER, ackRows(results))}

Failed requests: ${ack.scenarios.reduce((sum, s) => sum + s.failed, 0)}. Effects pending at the end of the suite: ${ack.pendingAfter}.

Memory and CPU of each process over the suite (RSS at start and after the load, against its floor's
after the load; CPU time used):

${table(['process', 'RSS at start', 'RSS after load', '× floor', 'CPU time'], usageRows(results))}

## 2. Effects throughput

Incidents declared with the worker stopped, then the worker started as production starts it and timed
until the outbox is empty: each incident's channel created, declarer invited, topic set, card posted and
pinned, announcement posted (6 Slack calls, in that order). The floor makes the same 6 calls per incident
straight through a Web API client, as many incidents at once as the worker's concurrency. The order is
checked from the fake Slack's side for every incident, in both runs.

${table(EFFECTS_HEADER, effectsRows(results))}

## 3. Store

### Commits

The store's atomic append (\`store.commit\`: incident projection, its event, participant and 5 outbox
effects in one transaction) against the floor: the same rows, already serialized, into the same schema
through plain prepared statements in one transaction. ${commits.commitsPerRound} commits a round,
alternating store and floor, ${commits.rounds} rounds (FULL: fewer, it is slower). Each on its own
database file on disk.

${table(
  ['synchronous', 'store commits/s', 'raw commits/s', 'store ÷ raw'],
  commits.bySynchronous.map((rates) => [
    rates.synchronous,
    fmt.rate(rates.store),
    fmt.rate(rates.raw),
    fmt.ratio(rates.ratio),
  ]),
)}

FULL costs ${fmt.ratio(commits.bySynchronous[0]!.store / commits.bySynchronous[1]!.store)} the time of NORMAL per
commit here: ${fmt.ms(1000 / commits.bySynchronous[1]!.store)} instead of ${fmt.ms(1000 / commits.bySynchronous[0]!.store)}.

### Stats over a long history

Seeded with direct SQL inserts into the store's own schema (in ${seed.seconds.toFixed(1)} s):
${seed.incidents.toLocaleString('en')} incidents over ${seed.windowDays} days, ${seed.events.toLocaleString('en')} timeline
events, ${seed.outbox.toLocaleString('en')} finished outbox effects; each incident's projection folded from its
events by the domain code. Measured: \`/incident stats\` (its default 90-day window) and \`/incident stats
${WINDOW_LONGEST(stats)}d\` (every incident) through \`handleCommand\` (grammar, use case, store, the report
message), ${stats.runs} runs each, after one that is not counted (on SQLite the report rows are then
in memory, as in a server that has been up for a second). Floor: one indexed pass over the window's
incidents reading their six milestone columns into JS, in a process of its own (its garbage is not
collected during the next run), alternating with the runs.

${table(
  ['command', 'incidents in window', 'median', 'p90', 'floor (median)', '× floor'],
  stats.windows.map((window) => [
    `\`/incident ${window.command}\``,
    window.inWindow.toLocaleString('en'),
    fmt.ms(window.statsMs),
    fmt.ms(window.statsP90Ms),
    fmt.ms(window.floorMs),
    fmt.ratio(window.ratio),
  ]),
)}

## 4. Memory and start-up

| | RSS | × baseline |
|---|---|---|
| Firewatch on the ${seed.incidents.toLocaleString('en')}-incident database, after ${memory.requests} \`stats\`/\`list\` commands | ${fmt.mb(memory.historyRssBytes)} | ${fmt.ratio(memory.ratio)} the same on an empty database (${fmt.mb(memory.emptyRssBytes)}) |

\`/incident stats ${WINDOW_LONGEST(stats)}d\` over that history, as Slack waits for it (HTTP, signed, acknowledged with
the report): ${fmt.ms(memory.statsAckMs)} median (${fmt.ms(memory.emptyStatsAckMs)} on the empty database).

## Dashboard

The web dashboard of Firewatch started as \`npm start\` starts it (DASHBOARD_AUTH=off, HOST=127.0.0.1,
\`NODE_ENV=production\`; the outbox worker running, and idle once it has sent what the long incident's
notes left) on the ${seed.incidents.toLocaleString('en')}-incident history, read one request at a time, ${results.dashboard.requests} rounds; each round
also fetches a static file from the same server (\`${results.dashboard.floor.path}\`: ${fmt.ms(results.dashboard.floor.medianMs)} median,
${fmt.ms(results.dashboard.floor.p99Ms)} p99), the floor the ratios are against.

${table(
  ['page', 'median', 'p99', 'p99 × static', 'goal (p99)'],
  results.dashboard.pages.map((page) => [
    page.name,
    fmt.ms(page.medianMs),
    fmt.ms(page.p99Ms),
    fmt.ratio(page.p99Ratio),
    `< ${page.goalMs} ms`,
  ]),
)}

Start-up: from spawning \`node\` to the first 200 from \`/healthz\`, ${startup.floor.runs.length} cold starts each,
alternating; the floor is a bare Bolt app started with plain \`node\`.

${table(
  ['command', 'median', 'runs', '× bare Bolt'],
  [startup.floor, ...startup.variants].map((variant) => [
    `${variant.name}: \`${variant.command}\``,
    fmt.ms(variant.medianMs),
    variant.runs.map((run) => Math.round(run)).join(', '),
    fmt.ratio(variant.ratio),
  ]),
)}

${postgresSection(results.postgres)}## Findings

${findings.trim()}
`;
}

function postgresSection(postgres: PostgresResults | undefined): string {
  if (!postgres)
    return '## 5. PostgreSQL\n\nNot measured in this run: set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) to a server.\n\n';
  const rows = postgres.runs.map((run) => [
    String(run.replicas),
    fmt.rate(run.store),
    fmt.rate(run.floor),
    fmt.ratio(run.ratio),
    fmt.ms(run.storeP99Ms),
    fmt.ms(run.floorP99Ms),
  ]);
  return `## 5. PostgreSQL

Declarations committed through \`PostgresStore\` (counter row, version check, events, participants
and effects in one transaction) against the floor: the same rows as plain multi-row INSERTs in one
transaction, through the same driver (\`pg\`), ${postgres.declarationsPerRound} declarations a round, ${postgres.rounds} rounds
alternating which goes first, each replica a pool of its own with 4 commits in flight, on ${postgres.url}.
New incidents take their number from one counter row, held until the transaction commits: numbers
stay unique and gapless across replicas, and declarations are serialised there, so three replicas
declare no faster than one (everything else they do runs side by side).

${table(['replicas', 'store', 'floor', 'store ÷ floor', 'store p99', 'floor p99'], rows)}

`;
}
