import { postToSlackEndpoint } from '../../test/support/signing.js';
import { startTarget, type Target } from '../support/child.js';
import { median } from '../support/numbers.js';
import { BENCH_SIGNING_SECRET, slashCommandBody } from '../support/slack-requests.js';
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

async function answerReports(target: Target, windowDays: number, times: number) {
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
  return { ackMs: median(ackMs), usage: await target.usage() };
}

/** A production server's memory once it holds a long history, against the same server holding none. */
export async function memorySuite(historyDb: string, options: { windowDays: number; times: number }) {
  const slack = await startTarget('fake Slack', 'fake-slack.ts');
  const start = (db: string) =>
    startTarget('Firewatch', 'firewatch.ts', [
      `--dir=${tempDir('memory')}`,
      ...(db ? [`--db=${db}`] : []),
      `--slack-api=${slack.url}`,
      '--worker=paused',
    ]);
  try {
    const history = await start(historyDb);
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
