import path from 'node:path';
import pino from 'pino';
import { handleCommand } from '../../src/commands/router.js';
import { loadConfig } from '../../src/config.js';
import { composeCore } from '../../src/main.js';
import { REPO, startTarget } from '../support/child.js';
import { median, quantile, timeEach } from '../support/numbers.js';

export interface StatsWindow {
  command: string;
  windowDays: number;
  /** Incidents declared in the window (what the report reads). */
  inWindow: number;
  /** Through the real use case and store: median and p90 of the runs. */
  statsMs: number;
  statsP90Ms: number;
  /** The floor: one indexed pass over the window's incidents reading their six milestones into JS. */
  floorMs: number;
  ratio: number;
}

export interface StatsResults {
  incidents: number;
  runs: number;
  windows: StatsWindow[];
}

/**
 * `stats` over the seeded history as a person would ask for it (the command text, through
 * handleCommand: grammar, use case, store, the report message), for each window, against the least
 * any report must do: read each incident's milestones once.
 */
export async function statsSuite(
  file: string,
  options: { windows: Array<{ command: string; windowDays: number }>; incidents: number; runs: number },
): Promise<StatsResults> {
  const config = loadConfig({
    DATABASE_URL: file,
    RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    TEMPLATES_DIR: path.join(REPO, 'templates'),
  });
  const core = await composeCore(config, { logger: pino({ level: 'silent' }) });
  const floor = await startTarget('stats floor', 'report-floor.ts', [`--database=${file}`]);
  const actor = { user: 'UALICE', channel: 'CGENERAL', zone: 'UTC' };
  try {
    const windows: StatsWindow[] = [];
    for (const { command, windowDays } of options.windows) {
      const since = Date.now() - windowDays * 24 * 60 * 60_000;
      const stats = () =>
        handleCommand(core.deps, command, actor, {
          unexpected: (error) => {
            throw error;
          },
        });
      const first = await stats();
      if (first.failed) throw new Error(`${command} failed: ${JSON.stringify(first)}`);
      const statsRuns: number[] = [];
      const floorRuns: number[] = [];
      // Alternate, so that drift in the machine's load treats both alike.
      for (let run = 0; run < options.runs; run++) {
        floorRuns.push(await floor.call<number>('read', since));
        statsRuns.push(...(await timeEach(1, stats)));
      }
      windows.push({
        command,
        windowDays,
        inWindow: await floor.call<number>('count', since),
        statsMs: median(statsRuns),
        statsP90Ms: quantile(statsRuns, 0.9),
        floorMs: median(floorRuns),
        ratio: median(statsRuns.map((time, run) => time / floorRuns[run]!)),
      });
    }
    return { incidents: options.incidents, runs: options.runs, windows };
  } finally {
    await floor.stop();
    await core.store.close();
  }
}
