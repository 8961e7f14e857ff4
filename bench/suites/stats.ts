import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { composeCore } from '../../src/main.js';
import { handleCommand } from '../../src/usecases/handle-command.js';
import { REPO } from '../support/child.js';
import { median, quantile, timeEach } from '../support/numbers.js';

export interface StatsResults {
  incidents: number;
  windowDays: number;
  /** `/incident stats <window>` through the real use case and store: median and p90 of the runs. */
  statsMs: number;
  statsP90Ms: number;
  /** The floor: one indexed pass over the window's incidents reading the six milestone columns. */
  floorMs: number;
  ratio: number;
  runs: number;
  replyText: string;
}

/**
 * `stats` over the seeded history as a person would ask for it (the command text, through
 * handleCommand), against the least any report must do: read each incident's milestones once.
 */
export async function statsSuite(
  file: string,
  options: { windowDays: number; incidents: number; runs: number },
) {
  const config = loadConfig({
    DATABASE_URL: file,
    RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    TEMPLATES_DIR: path.join(REPO, 'templates'),
  });
  const core = composeCore(config, { surface: 'slack', logger: pino({ level: 'silent' }) });
  const floorDb = new Database(file, { readonly: true });
  const since = Date.now() - options.windowDays * 24 * 60 * 60_000;
  const floorQuery = floorDb.prepare(
    `SELECT impact_started_at, detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at
     FROM incidents WHERE declared_at >= ?`,
  );
  const actor = { user: 'UALICE', channel: 'CGENERAL', zone: 'UTC' };
  const text = `stats ${options.windowDays}d`;
  const stats = () =>
    handleCommand(core.deps, text, actor, {
      unexpected: (error) => {
        throw error;
      },
    });
  try {
    const first = await stats();
    const replyText = 'reply' in first ? JSON.stringify(first.reply.message.summary) : '';
    if (first.failed) throw new Error(`stats failed: ${replyText}`);
    const statsRuns: number[] = [];
    const floorRuns: number[] = [];
    // Alternate, so the page cache and the machine's load treat both alike.
    for (let run = 0; run < options.runs; run++) {
      floorRuns.push(...(await timeEach(1, () => floorQuery.raw().all(since))));
      statsRuns.push(...(await timeEach(1, stats)));
    }
    return {
      incidents: options.incidents,
      windowDays: options.windowDays,
      statsMs: median(statsRuns),
      statsP90Ms: quantile(statsRuns, 0.9),
      floorMs: median(floorRuns),
      ratio: median(statsRuns) / median(floorRuns),
      runs: options.runs,
      replyText,
    } satisfies StatsResults;
  } finally {
    floorDb.close();
    await core.store.close();
  }
}
