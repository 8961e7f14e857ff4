import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ackPathSuite } from './suites/ack-path.js';
import { dashboardSuite } from './suites/dashboard.js';
import { effectsSuite } from './suites/effects.js';
import { memorySuite } from './suites/memory.js';
import { postgresSuite } from './suites/postgres.js';
import { startupSuite } from './suites/startup.js';
import { statsSuite } from './suites/stats.js';
import { storeCommitSuite } from './suites/store-commits.js';
import { BENCH } from './support/child.js';
import { describeMachine } from './support/machine.js';
import {
  ACK_HEADER,
  ackRows,
  type BenchResults,
  consoleTable,
  EFFECTS_HEADER,
  effectsRows,
  goalRows,
  markdown,
} from './support/report.js';
import { seedHistory } from './support/seed.js';
import { tempDir } from './support/temp.js';

/**
 * `npm run bench`: every suite once, a table on the terminal, bench/RESULTS.md rewritten.
 * BENCH_QUICK=1 shortens everything for a smoke run, written to the temp folder instead.
 * BENCH_ONLY=ack, stats or dashboard (while working on one of them) runs that suite alone, at full
 * size unless BENCH_QUICK is set too, prints it and writes nothing. BENCH_PROFILE=<folder> runs the
 * ack path's Firewatch processes under `node --cpu-prof`, their profiles written there.
 */
const quick = process.env.BENCH_QUICK === '1';
const only = process.env.BENCH_ONLY;
const profileDir = process.env.BENCH_PROFILE;
const size = quick
  ? { seconds: 1, rounds: 1, warmup: 0.5, incidents: 10_000, commits: 300, statsRuns: 3, starts: 1 }
  : { seconds: 4, rounds: 4, warmup: 1, incidents: 100_000, commits: 2_000, statsRuns: 7, starts: 4 };
const WINDOW_DAYS = 365;

const began = performance.now();
const log = (line: string) => process.stdout.write(`${line}\n`);
const elapsed = () => `${Math.round((performance.now() - began) / 1000)} s`;
// A bench that hangs is worse than one that fails: give up well past the expected ten minutes (the
// ack path waits for the worker to send each declare run's effects, longer on a busy machine).
setTimeout(() => {
  process.stderr.write('bench: still running after 25 minutes; giving up\n');
  process.exit(2);
}, 25 * 60_000).unref();

const machine = describeMachine();
log(
  `Firewatch bench on ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB, Node ${machine.node}${quick ? ' (quick)' : ''}`,
);

const statsOptions = {
  windows: [
    { command: 'stats', windowDays: 90 },
    { command: `stats ${WINDOW_DAYS}d`, windowDays: WINDOW_DAYS },
  ],
  incidents: size.incidents,
  runs: size.statsRuns,
};

if (only === 'stats' || only === 'dashboard') {
  const historyDb = path.join(tempDir('history'), 'history.db');
  log(`seeding ${size.incidents.toLocaleString('en')} incidents`);
  seedHistory(historyDb, size.incidents, 300);
  if (only === 'stats') log(JSON.stringify((await statsSuite(historyDb, statsOptions)).windows, null, 2));
  else
    log(
      JSON.stringify(await dashboardSuite(historyDb, { rounds: quick ? 20 : 200, events: 1_000 }), null, 2),
    );
  process.exit(0);
}

log('\n1. Ack path against a bare Bolt app');
const ack = await ackPathSuite(
  {
    connections: 20,
    seconds: size.seconds,
    rounds: size.rounds,
    warmupSeconds: size.warmup,
    drainTimeoutSeconds: quick ? 5 : 90,
    ...(profileDir
      ? { firewatchExecArgv: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] }
      : {}),
  },
  log,
);
if (only === 'ack') {
  log(consoleTable(ACK_HEADER, ackRows({ ack } as BenchResults)));
  for (const process of ack.processes)
    log(`  ${process.name}: RSS ${(ack.usageAfter[process.name]!.rssBytes / 1024 ** 2).toFixed(0)} MB`);
  log(
    `  drains: ${ack.drainSeconds.map((seconds) => seconds.toFixed(1)).join(', ')} s; pending at the end ${ack.pendingAfter}`,
  );
  process.exit(0);
}

log(`\n3. Store: commits (${elapsed()})`);
const commits = await storeCommitSuite({
  commitsPerRound: size.commits,
  rounds: quick ? 2 : 6,
  fullRounds: quick ? 2 : 4,
});

log(`   seeding ${size.incidents.toLocaleString('en')} incidents (${elapsed()})`);
const historyDb = path.join(tempDir('history'), 'history.db');
const seed = seedHistory(historyDb, size.incidents, 300);

log(`   stats (${elapsed()})`);
const stats = await statsSuite(historyDb, statsOptions);

log(`   dashboard pages (${elapsed()})`);
const dashboard = await dashboardSuite(historyDb, { rounds: quick ? 20 : 200, events: 1_000 });

log(`\n2. Effects throughput (${elapsed()})`);
const effects = await effectsSuite(
  {
    concurrency: 8,
    runs: [
      { label: 'fake Slack, no latency', latencyMs: 0, incidents: quick ? 100 : 400 },
      { label: 'fake Slack, 50 ms a call', latencyMs: 50, incidents: quick ? 24 : 120 },
      {
        label: `no latency, after ${size.incidents.toLocaleString('en')} incidents of history`,
        latencyMs: 0,
        incidents: quick ? 20 : 60,
        historyDb,
      },
    ],
  },
  log,
);

log(`\n4. Memory and start-up (${elapsed()})`);
const memory = await memorySuite(historyDb, { windowDays: WINDOW_DAYS, times: quick ? 2 : 5 });
const startup = await startupSuite({
  runs: size.starts,
  history: { db: historyDb, incidents: size.incidents },
});

const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
log(`\n5. PostgreSQL (${elapsed()})${postgresUrl ? '' : ': no server given (BENCH_POSTGRES_URL), skipped'}`);
const postgres = postgresUrl
  ? await postgresSuite(postgresUrl, { declarationsPerRound: quick ? 100 : 1_000, rounds: quick ? 2 : 4 })
  : undefined;

const results: BenchResults = {
  startedAt: new Date(Date.now() - (performance.now() - began)).toISOString(),
  seconds: (performance.now() - began) / 1000,
  machine,
  loadAfter: os.loadavg(),
  ack,
  effects,
  commits,
  seed,
  stats,
  dashboard,
  memory,
  startup,
  ...(postgres ? { postgres } : {}),
};

log(`\nAck path (${results.ack.options.connections} connections)`);
log(consoleTable(ACK_HEADER, ackRows(results)));
log('\nEffects');
log(consoleTable(EFFECTS_HEADER, effectsRows(results)));
log('\nGoals');
log(consoleTable(['goal', 'measured', ''], goalRows(results)));

const findings = fs.readFileSync(path.join(BENCH, 'findings.md'), 'utf8');
const output = quick ? path.join(os.tmpdir(), 'firewatch-RESULTS.quick.md') : path.join(BENCH, 'RESULTS.md');
fs.writeFileSync(output, markdown(results, findings));
log(`\nWrote ${path.relative(process.cwd(), output)} in ${elapsed()}.`);
process.exit(0);
