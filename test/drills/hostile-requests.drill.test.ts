import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Child, freePort, httpModeEnv, startChild, waitForHealth } from '../support/child.js';
import { FakeSlack } from '../support/fake-slack.js';
import { postToSlackEndpoint, slackSignature, slashCommandForm } from '../support/signing.js';
import { tempDir } from '../support/temp.js';

/**
 * Firewatch as its own process (as `npm start` runs it), met by what an attacker sends: a body
 * trickled to hold the connection, a signed request sent again, and a signed `null`.
 */
const SECRET = 'drill-signing-secret';
let child: Child | undefined;
let slack: FakeSlack | undefined;
let port = 0;

// A process each: its temporary folder (the database) is removed after every test.
beforeEach(async () => {
  slack = new FakeSlack();
  await slack.start();
  const dir = tempDir();
  port = await freePort();
  child = startChild({
    ...httpModeEnv({ apiUrl: slack.apiUrl, secret: SECRET, port, dir }),
    LOG_LEVEL: 'warn',
  });
  await waitForHealth(port);
}, 60_000);

afterEach(async () => {
  if (child?.process.exitCode === null) child.process.kill('SIGKILL');
  await child?.exited;
  await slack?.stop();
});

/** How many incidents `/incident list` shows with this title (the database stays the process's own). */
async function listed(title: string): Promise<number> {
  const body = slashCommandForm('list', { trigger: `${Date.now()}.1.list` });
  const answer = await postToSlackEndpoint(`http://127.0.0.1:${port}/slack/events`, body, { secret: SECRET });
  return answer.text.split(title).length - 1;
}

describe('the hostile-requests drill', () => {
  it('a slow body: a connection trickling a small body is answered 408 and closed after 10 s, not held for minutes', {
    timeout: 40_000,
  }, async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
        );
      });
      let received = '';
      const drip = setInterval(() => socket.write(' '), 1_000);
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => {
        clearInterval(drip);
        resolve(received);
      });
      socket.on('error', () => undefined);
    });
    const seconds = (Date.now() - started) / 1000;
    // Refused once the body is 10 s late; Node's defaults would have waited 300 s.
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer).toContain('body_too_slow');
    expect(seconds).toBeGreaterThanOrEqual(9);
    expect(seconds).toBeLessThan(20);
    expect(child!.process.exitCode).toBeNull();
  });

  it('a replay: the same signed slash command sent three times declares one incident', async () => {
    const body = slashCommandForm('declare sev3 Replayed thrice', { trigger: '42.1.replay' });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SECRET, timestamp, body);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const answers = [];
    for (let n = 0; n < 3; n++) answers.push(await postToSlackEndpoint(url, body, { timestamp, signature }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers[0]!.text).toContain('Declared');
    expect(answers[2]!.text).toContain('handled already');
    expect(await listed('Replayed thrice')).toBe(1);
  });

  it('a null body: signed `payload=null` and JSON `null` get 400, and the process keeps serving', async () => {
    const url = `http://127.0.0.1:${port}/slack/events`;
    const form = await postToSlackEndpoint(url, 'payload=null', { secret: SECRET });
    const json = await postToSlackEndpoint(url, 'null', { secret: SECRET, contentType: 'application/json' });
    expect([form.status, json.status]).toEqual([400, 400]);
    expect(child!.process.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
