import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REPO, startTarget } from '../support/child.js';
import { median } from '../support/numbers.js';
import { BENCH_SIGNING_SECRET, BENCH_TOKEN } from '../support/slack-requests.js';
import { tempDir } from '../support/temp.js';

/** The floor: node, Bolt loaded from node_modules, an HTTP receiver listening. Nothing of ours. */
const BARE_BOLT = `
import bolt from '@slack/bolt';
import http from 'node:http';
const app = new bolt.App({ token: 'xoxb-x', signingSecret: 'x', tokenVerificationEnabled: false, botUserId: 'U', botId: 'B',
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_q, s) => { s.writeHead(200); s.end('{"ok":true}'); } }] });
app.command('/incident', async ({ ack }) => ack());
await app.start(Number(process.env.PORT));
`;

export interface StartupVariant {
  name: string;
  command: string;
  medianMs: number;
  runs: number[];
  ratio: number;
}

export interface StartupResults {
  floor: StartupVariant;
  variants: StartupVariant[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Spawns `node args…` and times it from spawn to the first 200 from /healthz. */
async function timeToHealthy(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<number> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr.slice(0, 400)}`);
      if (performance.now() - start > timeoutMs) throw new Error(`no /healthz 200 within ${timeoutMs} ms`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) return performance.now() - start;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Cold starts to a healthy /healthz: the compiled build (`node dist/main.js`, after `npm run build`)
 * and the TypeScript entry through tsx, each against a bare Bolt app started the same way.
 */
export async function startupSuite(options: {
  runs: number;
  history?: { db: string; incidents: number };
}): Promise<StartupResults> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: 'ignore' });
  const slack = await startTarget('fake Slack', 'fake-slack.ts');
  try {
    const firewatchEnv = (db: string) => {
      const dir = tempDir('startup');
      return {
        SLACK_BOT_TOKEN: BENCH_TOKEN,
        SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        DATABASE_URL: db || path.join(dir, 'firewatch.db'),
        POSTMORTEMS_DIR: path.join(dir, 'postmortems'),
        LOG_LEVEL: 'info',
      };
    };
    const variants = [
      {
        name: 'bare Bolt',
        command: 'node -e <bare Bolt app>',
        args: ['--input-type=module', '-e', BARE_BOLT],
        db: '',
      },
      { name: 'Firewatch, built', command: 'node dist/main.js', args: ['dist/main.js'], db: '' },
      {
        name: 'Firewatch, TypeScript',
        command: 'node --import tsx src/main.ts',
        args: ['--import', 'tsx', 'src/main.ts'],
        db: '',
      },
      ...(options.history
        ? [
            {
              name: `Firewatch, built, on the ${options.history.incidents.toLocaleString('en')}-incident database`,
              command: 'node dist/main.js',
              args: ['dist/main.js'],
              db: options.history.db,
            },
          ]
        : []),
    ];
    const runs = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
    for (let run = 0; run < options.runs; run++) {
      for (const variant of variants) {
        const env = variant.name === 'bare Bolt' ? {} : firewatchEnv(variant.db);
        runs.get(variant.name)!.push(await timeToHealthy(variant.args, env));
      }
    }
    const floorRuns = runs.get('bare Bolt')!;
    const summary = (variant: (typeof variants)[number]): StartupVariant => {
      const times = runs.get(variant.name)!;
      return {
        name: variant.name,
        command: variant.command,
        medianMs: median(times),
        runs: times,
        ratio: median(times.map((time, index) => time / floorRuns[index]!)),
      };
    };
    return { floor: summary(variants[0]!), variants: variants.slice(1).map(summary) };
  } finally {
    await slack.stop();
  }
}
