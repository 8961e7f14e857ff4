import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REPO } from './harness.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** What a user sets to run Firewatch in HTTP mode against a (fake) Slack, with its files in `dir`. */
export function httpModeEnv(options: {
  apiUrl: string;
  secret: string;
  port: number;
  dir: string;
}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: options.secret,
    SLACK_API_URL: options.apiUrl,
    PORT: String(options.port),
    DATABASE_URL: path.join(options.dir, 'firewatch.db'),
    RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    TEMPLATES_DIR: path.join(REPO, 'templates'),
    POSTMORTEMS_DIR: path.join(options.dir, 'postmortems'),
  };
}

export interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs Firewatch as its own process (`node --import tsx src/main.ts`), as `npm start` does. */
export function startChild(env: Record<string, string>, options: { stdout?: number } = {}): Child {
  let output = '';
  // `stdout`: a file descriptor to write the logs to, as a shell redirection would (`> /dev/full`).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src', 'main.ts')], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', options.stdout ?? 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => output, exited };
}

export async function waitForHealth(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no /healthz on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
