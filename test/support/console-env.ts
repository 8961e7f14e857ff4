import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/ports.js';
import { startConsole } from '../../src/main.js';
import { ManualClock } from './clock.js';
import { REPO, silentLogger } from './harness.js';

/** The environment of a console session in `dir`, with the repository's runbooks and templates. */
export function consoleEnv(dir: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: path.join(dir, 'firewatch.db'),
    RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    TEMPLATES_DIR: path.join(REPO, 'templates'),
    POSTMORTEMS_DIR: path.join(dir, 'postmortems'),
    USER: 'alice',
    TZ: 'UTC',
    ...env,
  };
}

/** Runs a console session with `env`, feeding `lines` through stdin; returns everything it printed. */
export async function consoleSession(
  env: Record<string, string>,
  lines: string[],
  clock: Clock = new ManualClock(),
): Promise<string> {
  const input = new PassThrough();
  let output = '';
  const done = startConsole(
    loadConfig(env),
    { input, output: { write: (text) => (output += text) }, interactive: false },
    { clock, logger: silentLogger },
  );
  input.end(`${lines.join('\n')}\n`);
  await done;
  return output;
}
