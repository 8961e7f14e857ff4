import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './child.js';
import type { Usage } from './child-protocol.js';
import { tempDir } from './temp.js';

/** What the bench asks of a Firewatch server it measures from outside. */
export interface ProductionServer {
  name: string;
  pid: number;
  url: string;
  /** Its log (standard output), one JSON line per entry. */
  logFile: string;
  usage(): Usage;
  /** Effects not yet done, as /metrics reports them. */
  pendingEffects(): Promise<number>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
// These servers are not tied to the bench by an IPC channel: a bench interrupted must take them along.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** The command `npm start` runs (package.json's start script), as argv. */
export function startCommand(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const argv = pkg.scripts.start.split(/\s+/);
  if (argv[0] !== 'node') throw new Error(`npm start runs ${argv[0]}, not node: update the bench`);
  return argv;
}

const PAGE_SIZE = 4096;
const CLOCK_TICKS = 100;

/** RSS and CPU time of any process, from /proc (Linux): the server is measured without touching it. */
export function processUsage(pid: number): Usage {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  const rssPages = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
  return { rssBytes: rssPages * PAGE_SIZE, cpuMicros: (ticks / CLOCK_TICKS) * 1e6 };
}

/**
 * Firewatch exactly as `npm start` runs it: the same command (`main()` reading its configuration
 * from the environment), NODE_ENV=production, logging at info (the default) to standard output,
 * here a file. Nothing in the process is overridden; the bench reads its port from the log line
 * `Firewatch is listening`, its outbox from /metrics and its usage from /proc, and stops it with
 * SIGTERM as a process manager would. `execArgv` adds Node options (`--cpu-prof`) for profiling.
 */
export async function startProduction(
  name: string,
  env: Record<string, string>,
  options: { execArgv?: string[]; timeoutMs?: number } = {},
): Promise<ProductionServer> {
  const logFile = path.join(tempDir('log'), 'firewatch.log');
  const log = fs.openSync(logFile, 'w');
  const [node, ...args] = startCommand();
  const child = spawn(node === 'node' ? process.execPath : node!, [...(options.execArgv ?? []), ...args], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', log, 'inherit'],
  });
  fs.closeSync(log);
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));
  const port = await listeningPort(logFile, exited, options.timeoutMs ?? 30_000);
  const base = `http://127.0.0.1:${port}`;
  return {
    name,
    pid: child.pid!,
    url: `${base}/slack/events`,
    logFile,
    usage: () => processUsage(child.pid!),
    async pendingEffects() {
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const line = /^firewatch_outbox_pending_effects (\d+)$/m.exec(metrics);
      if (!line) throw new Error(`${name}: /metrics has no firewatch_outbox_pending_effects`);
      return Number(line[1]);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function listeningPort(logFile: string, exited: Promise<number | null>, timeoutMs: number) {
  let gone: number | null | undefined;
  void exited.then((code) => {
    gone = code;
  });
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
      if (!line.includes('Firewatch is listening')) continue;
      return (JSON.parse(line) as { port: number }).port;
    }
    if (gone !== undefined) throw new Error(`Firewatch exited (${gone}) before listening; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Firewatch did not listen within ${timeoutMs} ms; see ${logFile}`);
}
