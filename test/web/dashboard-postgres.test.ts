import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/clock.js';
import { FakeSlack } from '../support/fake-slack.js';
import { serverSchema, TEST_POSTGRES_URL } from '../support/postgres.js';
import { startFirewatch } from '../support/slack-harness.js';
import { ALICE, BOB, PRIVATE_TITLE, seedIncidents } from './seed.js';

const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

if (TEST_POSTGRES_URL) {
  const url = TEST_POSTGRES_URL;
  describe('the dashboard on PostgreSQL', () => {
    it('reads the same pages, with the same viewer rule, as on SQLite', async () => {
      const created = await serverSchema(url);
      drops.push(created.drop);
      const slack = new FakeSlack();
      await slack.start();
      slack.addUser(ALICE);
      slack.addUser(BOB);
      const clock = new ManualClock();
      const firewatch = await startFirewatch({
        slack,
        clock,
        leaseMs: 365 * 86_400_000,
        env: {
          DATABASE_URL: `${url}?options=${encodeURIComponent(`-c search_path=${created.schema}`)}`,
          DASHBOARD_AUTH: 'proxy',
          DASHBOARD_TRUSTED_PROXIES: '127.0.0.1',
        },
      });
      try {
        const ids = await seedIncidents(firewatch, clock, 1);
        const base = `http://127.0.0.1:${firewatch.server.port}`;
        const read = async (path: string, email: string) => {
          const response = await fetch(`${base}${path}`, { headers: { 'x-forwarded-email': email } });
          return { status: response.status, text: await response.text() };
        };
        const alice = await read('/', ALICE.email);
        expect(alice.status).toBe(200);
        expect(alice.text).toContain(PRIVATE_TITLE);
        expect((await read('/', BOB.email)).text).not.toContain(PRIVATE_TITLE);
        expect((await read(`/incidents/${ids.private}`, BOB.email)).status).toBe(404);
        const incident = await read(`/incidents/${ids.resolved[0]}`, BOB.email);
        expect(incident.text).toContain('Bob Stone is now commander');
        expect((await read('/?page=2', ALICE.email)).text).toContain('No incidents match these filters.');
        const reports = await read('/reports?window=90d', BOB.email);
        expect(reports.text).toMatch(/<p>3 incidents declared last 90 days: 2 resolved, 1 still open\./);
      } finally {
        await firewatch.stop();
        await slack.stop();
      }
    }, 120_000);
  });
}

describe('the dashboard on PostgreSQL, in CI', () => {
  it.runIf(process.env.CI === 'true')('has a PostgreSQL server to run on', () => {
    expect(TEST_POSTGRES_URL, 'CI must set TEST_POSTGRES_URL (see .ci/run)').toBeTruthy();
  });
});
