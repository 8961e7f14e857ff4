import fs from 'node:fs';
import path from 'node:path';
import { postToSlackEndpoint } from '../../test/support/signing.js';
import { REPO, startTarget } from '../support/child.js';
import type { Usage } from '../support/child-protocol.js';
import { median } from '../support/numbers.js';
import { type ProductionServer, startProduction } from '../support/production.js';
import { BENCH_SIGNING_SECRET, BENCH_TOKEN, slashCommandBody } from '../support/slack-requests.js';
import { tempDir } from '../support/temp.js';

export interface MemoryResults {
  /** RSS of a Firewatch server on the seeded database after answering `stats` and `list`. */
  historyRssBytes: number;
  /** The same server and requests on an empty database. */
  emptyRssBytes: number;
  ratio: number;
  /** `/incident stats` over the whole history, acknowledged over HTTP: the person's wait. */
  statsAckMs: number;
  emptyStatsAckMs: number;
  requests: number;
}

async function answerReports(target: ProductionServer, windowDays: number, times: number) {
  const ackMs: number[] = [];
  for (let i = 0; i < times; i++) {
    for (const text of [`stats ${windowDays}d`, 'list']) {
      const start = performance.now();
      const response = await postToSlackEndpoint(target.url, slashCommandBody(text), {
        secret: BENCH_SIGNING_SECRET,
      });
      if (response.status !== 200) throw new Error(`${text}: HTTP ${response.status}`);
      if (text.startsWith('stats')) ackMs.push(performance.now() - start);
    }
  }
  const usage: Usage = target.usage();
  return { ackMs: median(ackMs), usage };
}

/** A production server's memory once it holds a long history, against the same server holding none. */
export async function memorySuite(historyDb: string, options: { windowDays: number; times: number }) {
  const slack = await startTarget('fake Slack', 'fake-slack.ts');
  // As `npm start` runs it.
  const start = (db: string) => {
    const dir = tempDir('memory');
    return startProduction('Firewatch', {
      SLACK_BOT_TOKEN: BENCH_TOKEN,
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      DATABASE_URL: db || path.join(dir, 'firewatch.db'),
      RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
      TEMPLATES_DIR: path.join(REPO, 'templates'),
      POSTMORTEMS_DIR: path.join(dir, 'postmortems'),
    });
  };
  try {
    // A copy: the production server's worker and reminder ticker may write to what it opens.
    const copy = path.join(tempDir('memory-history'), 'history.db');
    fs.copyFileSync(historyDb, copy);
    const history = await start(copy);
    const withHistory = await answerReports(history, options.windowDays, options.times);
    await history.stop();
    const empty = await start('');
    const withoutHistory = await answerReports(empty, options.windowDays, options.times);
    await empty.stop();
    return {
      historyRssBytes: withHistory.usage.rssBytes,
      emptyRssBytes: withoutHistory.usage.rssBytes,
      ratio: withHistory.usage.rssBytes / withoutHistory.usage.rssBytes,
      statsAckMs: withHistory.ackMs,
      emptyStatsAckMs: withoutHistory.ackMs,
      requests: options.times * 2,
    } satisfies MemoryResults;
  } finally {
    await slack.stop();
  }
}
