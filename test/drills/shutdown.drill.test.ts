import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { type Child, freePort, httpModeEnv, startChild, waitForHealth } from '../support/child.js';
import { FakeSlack } from '../support/fake-slack.js';
import { slackSignature, slashCommandForm } from '../support/signing.js';
import { tempDir } from '../support/temp.js';

const SECRET = 'drill-signing-secret';
let child: Child | undefined;
let slack: FakeSlack | undefined;
afterEach(async () => {
  if (child?.process.exitCode === null) child.process.kill('SIGKILL');
  await child?.exited;
  await slack?.stop();
  child = undefined;
  slack = undefined;
});

/** A signed slash command as raw HTTP/1.1 on a keep-alive connection: head, then its body. */
function declareRequest(title: string, trigger: string): { head: string; body: string } {
  const body = slashCommandForm(`declare sev3 ${title}`, { trigger });
  const timestamp = Math.floor(Date.now() / 1000);
  const head =
    'POST /slack/events HTTP/1.1\r\nHost: firewatch\r\nConnection: keep-alive\r\n' +
    'Content-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Slack-Request-Timestamp: ${timestamp}\r\nX-Slack-Signature: ${slackSignature(SECRET, timestamp, body)}\r\n\r\n`;
  return { head, body };
}

/** A raw connection: what came back, and whether the server closed it. */
function connect(
  port: number,
): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve) => {
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () =>
      resolve({ socket, received: () => received, closed }),
    );
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined);
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the shutdown drill', () => {
  it('after SIGTERM: idle connections closed, a request on an open keep-alive connection refused with 503, in-flight work finished, then exit 0', async () => {
    slack = new FakeSlack();
    await slack.start();
    const dir = tempDir();
    const port = await freePort();
    child = startChild(httpModeEnv({ apiUrl: slack.apiUrl, secret: SECRET, port, dir }));
    await waitForHealth(port);

    // One keep-alive connection that has been used and is idle.
    const idle = await connect(port);
    idle.socket.write('GET /healthz HTTP/1.1\r\nHost: firewatch\r\nConnection: keep-alive\r\n\r\n');
    await until(() => idle.received().includes('"ok":true'), 'the first answer');
    // One in the middle of a request: its body is half sent.
    const busy = await connect(port);
    const inFlight = declareRequest('Declared while shutting down', '1.1.inflight');
    const half = Math.floor(inFlight.body.length / 2);
    busy.socket.write(inFlight.head + inFlight.body.slice(0, half));

    child.process.kill('SIGTERM');
    await until(() => child!.output().includes('shutting down'), 'the shutdown to begin');
    await idle.closed;
    expect(idle.received().match(/HTTP\/1\.1/g)).toHaveLength(1);

    // The rest of the in-flight request, and a second one right behind it on the same connection.
    const late = declareRequest('Arrived after SIGTERM', '2.1.late');
    busy.socket.write(inFlight.body.slice(half) + late.head + late.body);
    await busy.closed;
    const answers = busy.received().split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200 /);
    expect(answers[0]).toContain('Declared INC-1');
    expect(answers[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(answers[1]!.toLowerCase()).toContain('connection: close');
    expect(answers[1]).toContain('shutting_down');

    expect(await child.exited).toEqual({ code: 0, signal: null });
    const store = SqliteStore.open(path.join(dir, 'firewatch.db'));
    try {
      expect(await store.nextIncidentNumber()).toBe(2);
      expect((await store.load('INC-1'))?.incident.title).toBe('Declared while shutting down');
    } finally {
      await store.close();
    }
  });
});
