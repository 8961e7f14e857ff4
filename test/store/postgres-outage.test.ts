import { afterAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { pgPool } from '../../src/store/postgres/sql.js';
import { ManualClock } from '../support/clock.js';
import { consoleEnv, consoleSession } from '../support/console-env.js';
import { actor, testDeps, textOf } from '../support/harness.js';
import { serverSchema, TEST_POSTGRES_URL, tcpRelay } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';

const schemas: Array<{ drop(): Promise<void> }> = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

describe.runIf(TEST_POSTGRES_URL)('Firewatch on a PostgreSQL server', () => {
  const url = TEST_POSTGRES_URL!;

  it('runs the console on DATABASE_URL=postgres://…, and remembers incidents across restarts', async () => {
    const created = await serverSchema(url);
    schemas.push(created);
    const databaseUrl = `${url}?options=${encodeURIComponent(`-c search_path=${created.schema}`)}`;
    const dir = tempDir();
    const run = (lines: string[]) =>
      consoleSession(
        consoleEnv(dir, { DATABASE_URL: databaseUrl }),
        lines,
        new ManualClock('2026-11-26T14:00:00Z'),
      );
    const first = await run(['/incident declare sev2 service:payments Card payments timing out']);
    expect(first).toContain('postgres://');
    expect(first).toContain('#inc-1-card-payments-timing-out: 🟠 INC-1 Card payments timing out');
    const second = await run(['/incident list']);
    expect(second).toContain('INC-1');
    expect(second).toContain('Card payments timing out');
  });

  it('answers plainly while the database is unreachable, and serves again once it is back', async () => {
    const created = await serverSchema(url);
    schemas.push(created);
    const proxy = await tcpRelay(url);
    const store = await PostgresStore.open(pgPool(proxy.url, { schema: created.schema }));
    const deps = testDeps({ store });
    const send = async (text: string) => {
      const outcome = await handleCommand(deps, text, actor('alice'), {
        unexpected: (error) => {
          throw error;
        },
      });
      if (!('reply' in outcome)) throw new Error('expected a reply');
      return { failed: outcome.failed === true, text: textOf(outcome.reply) };
    };
    expect((await send('declare sev2 Checkout down')).failed).toBe(false);
    proxy.cut();
    const during = await send('declare sev1 Search down');
    expect(during.failed).toBe(true);
    expect(during.text).toContain('The incident database is unreachable; nothing was recorded.');
    expect(during.text).toContain('Try again in a minute');
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    proxy.restore();
    // No restart: the pool replaces the connections it lost.
    expect((await send('declare sev1 Search down')).failed).toBe(false);
    const listed = await send('list');
    expect(listed.text).toContain('INC-2');
    expect(listed.text).not.toContain('INC-3');
    await store.close();
    await proxy.close();
  });
});
