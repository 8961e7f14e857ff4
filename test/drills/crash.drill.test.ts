import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { type Child, freePort, httpModeEnv, startChild, waitForHealth } from '../support/child.js';
import { FakeSlack } from '../support/fake-slack.js';
import { postToSlackEndpoint } from '../support/signing.js';
import { tempDir } from '../support/temp.js';

const SECRET = 'drill-secret';
let slack: FakeSlack | undefined;
const children: Child[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await slack?.stop();
});

function declare(port: number, n: number) {
  const body = new URLSearchParams({
    command: '/incident',
    text: `declare sev3 service:payments Burst incident ${n}`,
    user_id: 'UALICE',
    user_name: 'alice',
    channel_id: 'CGENERAL',
    channel_name: 'general',
    team_id: 'T1',
    trigger_id: `${n}.1.a`,
    response_url: `${slack!.url}/response/${n}`,
  }).toString();
  return postToSlackEndpoint(`http://127.0.0.1:${port}/slack/events`, body, { secret: SECRET });
}

describe('the crash drill', () => {
  it('loses no acknowledged declaration and makes no channel twice when killed mid-burst', async () => {
    slack = new FakeSlack();
    await slack.start();
    slack.latencyMs = 30; // keeps effects in flight when the process dies
    const dir = tempDir();
    const port = await freePort();
    const env = { ...httpModeEnv({ apiUrl: slack.apiUrl, secret: SECRET, port, dir }), LOG_LEVEL: 'warn' };
    const first = startChild(env);
    children.push(first);
    await waitForHealth(port);

    const acknowledged = new Set<string>();
    let sent = 0;
    const burst = async () => {
      while (sent < 60) {
        sent += 1;
        try {
          const response = await declare(port, sent);
          const match = /Declared (INC-\d+)/.exec(response.text);
          if (response.status === 200 && match) acknowledged.add(match[1]!);
        } catch {
          return; // the process is gone: not acknowledged
        }
        if (acknowledged.size === 20) first.process.kill('SIGKILL');
      }
    };
    await Promise.all([burst(), burst(), burst(), burst()]);
    const ended = await first.exited;
    expect(ended.signal).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(20);

    const second = startChild(env);
    children.push(second);
    await waitForHealth(port);
    const store = SqliteStore.open(path.join(dir, 'firewatch.db'));
    const deadline = Date.now() + 40_000;
    while ((await store.outboxStats()).pending > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.outboxStats()).toMatchObject({ pending: 0, failed: 0 });

    for (const id of acknowledged) {
      const stored = await store.load(id);
      expect(stored, id).toBeDefined();
      expect((await store.timeline(id))[0]).toMatchObject({ kind: 'declared', actor: 'UALICE' });
      const number = id.slice(4);
      const channels = [...slack.channels.values()].filter((channel) =>
        channel.name.startsWith(`inc-${number}-`),
      );
      expect(
        channels.map((channel) => channel.name),
        id,
      ).toEqual([`inc-${number}-burst-incident-${/Burst incident (\d+)/.exec(stored!.incident.title)![1]}`]);
      const cards = channels[0]!.messages.filter((message) => message.text.startsWith(`${id} SEV3`));
      expect(cards, `${id} cards`).toHaveLength(1);
      expect(channels[0]!.pins.size, `${id} pins`).toBe(1);
    }
    await store.close();

    // SIGTERM: stop taking requests, finish what is in flight, close the database, exit in time.
    const started = Date.now();
    second.process.kill('SIGTERM');
    const stopped = await second.exited;
    expect(stopped.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 90_000);
});
