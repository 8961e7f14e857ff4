import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { FromChild, ToChild, Usage } from './child-protocol.js';

export const BENCH = path.resolve(import.meta.dirname, '..');
export const REPO = path.resolve(BENCH, '..');

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Target {
  name: string;
  pid: number;
  port: number;
  url: string;
  info: Record<string, unknown>;
  usage(): Promise<Usage>;
  call<T>(name: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

function once<T>(child: ChildProcess, accept: (message: FromChild) => T | undefined, timeoutMs: number) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`child ${child.pid} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: FromChild) => {
      const value = accept(message);
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child ${child.pid} exited (${code}) before answering`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Runs a target script (TypeScript, through tsx) in its own process and waits until it listens. */
export async function startTarget(
  name: string,
  script: string,
  args: string[] = [],
  options: { timeoutMs?: number; execArgv?: string[]; env?: Record<string, string> } = {},
): Promise<Target> {
  const child = fork(path.join(BENCH, 'targets', script), args, {
    execArgv: [...(options.execArgv ?? []), '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    cwd: REPO,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const ready = await once(
    child,
    (message) => (message.type === 'ready' ? message : undefined),
    options.timeoutMs ?? 30_000,
  );
  const ask = (message: ToChild) => child.send(message);
  return {
    name,
    pid: child.pid!,
    port: ready.port,
    url: ready.url,
    info: ready.info ?? {},
    async usage() {
      const answer = once(child, (message) => (message.type === 'usage' ? message.usage : undefined), 10_000);
      ask({ type: 'usage' });
      return answer;
    },
    async call<T>(callName: string, args?: unknown) {
      const answer = once(
        child,
        (message) => (message.type === 'result' && message.name === callName ? message : undefined),
        120_000,
      );
      ask({ type: 'call', name: callName, args });
      const result = await answer;
      if (result.error) throw new Error(`${name}.${callName}: ${result.error}`);
      return result.value as T;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      ask({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
