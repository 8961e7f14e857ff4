import path from 'node:path';
import { REPO } from './harness.js';

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
