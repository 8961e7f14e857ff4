import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { signatureOf } from '../../src/pagerduty/webhook-signature.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { type Child, freePort, startChild, waitForHealth } from '../support/child.js';
import { webhookBody } from '../support/fake-pagerduty.js';
import { FakeSlack } from '../support/fake-slack.js';
import { REPO } from '../support/harness.js';
import { serverPool, serverSchema, TEST_POSTGRES_URL, tcpRelay } from '../support/postgres.js';
import { runbooksWithAutoDeclare } from '../support/runbooks.js';
import { postToSlackEndpoint } from '../support/signing.js';
import { tempDir } from '../support/temp.js';

/**
 * Three Firewatch replicas, each its own process started as `npm start` starts it, sharing one
 * PostgreSQL database (a schema of its own on the test server). Only where a server is reachable.
 */
const SECRET = 'replicas-secret';
const WEBHOOK_SECRET = 'replicas-webhook-secret';

let slack: FakeSlack | undefined;
const children: Child[] = [];
const schemas: Array<{ drop(): Promise<void> }> = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await slack?.stop();
  slack = undefined;
});
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

interface Replica {
  port: number;
  child: Child;
}

async function startReplicas(count: number, extra: Record<string, string> = {}, databaseUrl?: string) {
  slack = new FakeSlack();
  await slack.start();
  const announce = slack.createChannel('announcements', { members: [slack.botUserId] });
  const url = TEST_POSTGRES_URL!;
  const created = await serverSchema(url);
  schemas.push(created);
  const base = databaseUrl ?? url;
  const dir = tempDir();
  const env = (port: number) => ({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack!.apiUrl,
    PORT: String(port),
    DATABASE_URL: `${base}?options=${encodeURIComponent(`-c search_path=${created.schema}`)}`,
    RUNBOOKS_DIR: runbooksWithAutoDeclare(),
    TEMPLATES_DIR: path.join(REPO, 'templates'),
    POSTMORTEMS_DIR: path.join(dir, 'postmortems'),
    INCIDENT_ANNOUNCE_CHANNEL: announce.id,
    PAGERDUTY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    LOG_LEVEL: 'warn',
    ...extra,
  });
  const replicas: Replica[] = [];
  for (let index = 0; index < count; index++) {
    const port = await freePort();
    const child = startChild(env(port));
    children.push(child);
    replicas.push({ port, child });
  }
  await Promise.all(replicas.map((replica) => waitForHealth(replica.port, 60_000)));
  const store = await PostgresStore.open(serverPool(url, created.schema));
  return { replicas, store };
}

let triggers = 0;
function command(port: number, text: string, user = 'UALICE', channel = 'CGENERAL') {
  triggers += 1;
  const body = new URLSearchParams({
    command: '/incident',
    text,
    user_id: user,
    user_name: user.toLowerCase(),
    channel_id: channel,
    channel_name: channel === 'CGENERAL' ? 'general' : 'incident',
    team_id: 'T1',
    trigger_id: `${triggers}.1.a`,
    response_url: `${slack!.url}/response/${triggers}`,
  }).toString();
  return postToSlackEndpoint(`http://127.0.0.1:${port}/slack/events`, body, { secret: SECRET });
}

async function settled(store: PostgresStore, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await store.outboxStats()).pending > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await store.outboxStats()).toMatchObject({ pending: 0, failed: 0 });
}

describe.runIf(TEST_POSTGRES_URL)('three replicas on one PostgreSQL database', () => {
  it('a burst over all three, one killed mid-burst: every acknowledged incident once, with one channel, card and announcement', async () => {
    // Sixty declarations from one person in seconds is this drill's load: no rate limit here.
    const { replicas, store } = await startReplicas(3, { DECLARE_RATE_LIMIT: 'off' });
    slack!.latencyMs = 300;
    const acknowledged = new Set<string>();
    let sent = 0;
    let killed = false;
    const burst = async () => {
      while (sent < 60) {
        sent += 1;
        const replica = replicas[sent % 3]!;
        try {
          const response = await command(
            replica.port,
            `declare sev3 service:payments Burst incident ${sent}`,
          );
          const match = /Declared (INC-\d+)/.exec(response.text);
          if (response.status === 200 && match) acknowledged.add(match[1]!);
        } catch {
          // The killed replica: not acknowledged.
        }
        if (acknowledged.size === 20 && !killed) {
          killed = true;
          replicas[0]!.child.process.kill('SIGKILL');
        }
      }
    };
    await Promise.all([burst(), burst(), burst(), burst()]);
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(35);
    // The dead replica's claims run out (15 s) and the others finish its effects.
    await settled(store, 90_000);

    const numbers = (await store.list({ viewer: 'system', includePrivate: true, limit: 1000 })).map(
      (incident) => incident.number,
    );
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const id of acknowledged) {
      const stored = await store.load(id);
      expect(stored, id).toBeDefined();
      expect((await store.timeline(id))[0]).toMatchObject({ kind: 'declared', actor: 'UALICE' });
      const number = id.slice(4);
      const channels = [...slack!.channels.values()].filter((channel) =>
        channel.name.startsWith(`inc-${number}-`),
      );
      expect(channels, id).toHaveLength(1);
      const cards = channels[0]!.messages.filter((message) => message.text.startsWith(`${id} SEV3`));
      expect(cards, `${id} cards`).toHaveLength(1);
      expect(channels[0]!.pins.size, `${id} pins`).toBe(1);
      const announcements = slack!
        .channelNamed('announcements')!
        .messages.filter((message) => message.text.startsWith(`${id} SEV3`));
      expect(announcements, `${id} announcements`).toHaveLength(1);
    }
    await store.close();
  }, 180_000);

  it('twenty commands on one incident through all three at once: each once, in one order, no errors shown', async () => {
    const { replicas, store } = await startReplicas(3);
    const declared = await command(replicas[0]!.port, 'declare sev2 service:payments Checkout down');
    expect(declared.text).toContain('Declared INC-1');
    await settled(store);
    const channel = (await store.refs('INC-1')).channel!;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        command(replicas[index % 3]!.port, `note finding ${index + 1}`, 'UALICE', channel),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toMatch(/went wrong|changed while/i);
    }
    const notes = (await store.timeline('INC-1')).filter((event) => event.kind === 'note_added');
    expect(notes.map((note) => (note as { text: string }).text).sort()).toEqual(
      Array.from({ length: 20 }, (_, index) => `finding ${index + 1}`).sort(),
    );
    const seqs = notes.map((note) => note.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    await store.close();
  }, 120_000);

  it('DECLARE_RATE_LIMIT holds across the replicas: one person’s burst spread over three gets the limit, not three times it', async () => {
    const { replicas, store } = await startReplicas(3, { DECLARE_RATE_LIMIT: '5/1h' });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        command(replicas[index % 3]!.port, `declare sev3 Burst incident ${index + 1}`),
      ),
    );
    const declared = answers.filter((answer) => /Declared INC-\d+/.test(answer.text));
    const limited = answers.filter((answer) => answer.text.includes('reached the limit of 5 declarations'));
    expect(declared).toHaveLength(5);
    expect(limited).toHaveLength(7);
    expect(await store.nextIncidentNumber()).toBe(6);
    // Someone else is not held back by it.
    expect((await command(replicas[1]!.port, 'declare sev2 Another person', 'UBOB')).text).toContain(
      'Declared INC-6',
    );
    await store.close();
  }, 120_000);

  it('the same PagerDuty webhook delivered to two replicas at once declares one incident', async () => {
    const { replicas, store } = await startReplicas(2);
    const page = { id: 'PDS9', title: 'Search is down', serviceId: 'PSEARCH', urgency: 'high' };
    const body = webhookBody('incident.triggered', page as Parameters<typeof webhookBody>[1]);
    const deliver = (port: number, deliveryId: string) =>
      fetch(`http://127.0.0.1:${port}/webhooks/pagerduty`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-pagerduty-signature': signatureOf(body, WEBHOOK_SECRET),
          'x-webhook-id': deliveryId,
        },
        body,
      });
    const responses = await Promise.all([
      deliver(replicas[0]!.port, 'W1'),
      deliver(replicas[1]!.port, 'W1'),
      deliver(replicas[1]!.port, 'W2'),
    ]);
    expect(responses.map((response) => response.status).every((status) => status < 300)).toBe(true);
    const incidents = await store.list({ viewer: 'system', includePrivate: true });
    expect(incidents.map((incident) => incident.title)).toEqual(['Search is down']);
    await settled(store);
    expect([...slack!.channels.values()].filter((channel) => channel.name.startsWith('inc-1-'))).toHaveLength(
      1,
    );
    await store.close();
  }, 120_000);

  it('update reminders with three replicas ticking: each nudge posted once per interval', async () => {
    const { replicas, store } = await startReplicas(3, { INCIDENT_UPDATE_INTERVALS: 'sev1=5s' });
    await command(replicas[0]!.port, 'declare sev1 service:payments Checkout down');
    await settled(store);
    const channel = (await store.refs('INC-1')).channel!;
    await command(replicas[1]!.port, 'assign commander <@UALICE>', 'UALICE', channel);
    // Three replicas tick every 15 s each, at different moments: wait for a few nudges.
    const deadline = Date.now() + 70_000;
    const nudges = async () =>
      (await store.timeline('INC-1')).filter(
        (event) => event.kind === 'reminder_sent' && (event as { reminder: string }).reminder === 'update',
      );
    while ((await nudges()).length < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = await nudges();
    expect(sent.length).toBeGreaterThanOrEqual(3);
    // Never two nudges within one interval: no replica sent one that another had just sent.
    for (let index = 1; index < sent.length; index++)
      expect(Date.parse(sent[index]!.at) - Date.parse(sent[index - 1]!.at)).toBeGreaterThanOrEqual(5_000);
    await settled(store);
    // And each was posted once.
    const posted = slack!.channels.get(channel)!.messages.filter((message) => /update/i.test(message.text));
    expect(posted.length).toBeGreaterThanOrEqual(sent.length);
    const seqs = posted.map((message) => message.text);
    expect(new Set(seqs).size).toBe(seqs.length);
    await store.close();
  }, 150_000);

  it('the database gone mid-traffic: commands meanwhile get the plain answer, and all replicas serve again by themselves', async () => {
    const relay = await tcpRelay(TEST_POSTGRES_URL!);
    const { replicas, store } = await startReplicas(3, {}, relay.url);
    expect((await command(replicas[0]!.port, 'declare sev2 Checkout down')).text).toContain('Declared INC-1');
    relay.cut();
    for (const replica of replicas) {
      const during = await command(replica.port, 'declare sev2 Search down');
      expect(during.status).toBe(200);
      expect(during.text).toContain('The incident database is unreachable; nothing was recorded.');
      expect((await fetch(`http://127.0.0.1:${replica.port}/healthz`)).status).toBe(503);
    }
    relay.restore();
    const after: string[] = [];
    for (const replica of replicas) {
      const response = await command(replica.port, 'declare sev2 Search down');
      after.push(/Declared (INC-\d+)/.exec(response.text)?.[1] ?? response.text);
    }
    expect(after).toEqual(['INC-2', 'INC-3', 'INC-4']);
    expect(
      (await store.list({ viewer: 'system', includePrivate: true })).map((incident) => incident.id),
    ).toEqual(['INC-4', 'INC-3', 'INC-2', 'INC-1']);
    await store.close();
    await relay.close();
  }, 120_000);
});
