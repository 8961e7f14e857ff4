import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postToSlackEndpoint, slackSignature, slashCommandForm } from '../support/signing.js';
import {
  buttonClick,
  type Firewatch,
  SIGNING_SECRET,
  startFirewatch,
  viewSubmission,
} from '../support/slack-harness.js';

let firewatch: Firewatch | undefined;
afterEach(async () => {
  await firewatch?.stop();
  firewatch = undefined;
});

function declareBody(text: string, trigger: string): string {
  return slashCommandForm(text, { trigger });
}

/** Sends headers announcing `length` bytes and a first chunk, then waits for the answer (or a close). */
function stalledUpload(port: number, path: string, length: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{"a":"`,
      );
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}

describe('what reaches Bolt: limits before the signature is checked', () => {
  it('answers 413 at once to a body announced over 256 kB, on every route, without reading it', async () => {
    firewatch = await startFirewatch();
    const port = firewatch.server.port!;
    for (const path of ['/slack/events', '/webhooks/pagerduty', '/healthz']) {
      const answer = await stalledUpload(port, path, 3_900_000);
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    }
    const big = 'x'.repeat(300 * 1024);
    const chunked = await fetch(firewatch.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      // A stream has no content-length: the limit is counted as it arrives.
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('refuses a correctly signed request dated in the future, and declares nothing', async () => {
    firewatch = await startFirewatch();
    const body = declareBody('declare sev1 From the future', '1.1.future');
    const ahead = Math.floor(Date.now() / 1000) + 365 * 24 * 3600;
    const answer = await postToSlackEndpoint(firewatch.url, body, {
      timestamp: ahead,
      signature: slackSignature(SIGNING_SECRET, ahead, body),
    });
    expect(answer.status).toBe(401);
    expect(await firewatch.server.core.store.nextIncidentNumber()).toBe(1);
  });

  it('declares once when the same signed request is sent three times', async () => {
    firewatch = await startFirewatch();
    const body = declareBody('declare sev2 Replayed thrice', '7.1.replay');
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SIGNING_SECRET, timestamp, body);
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await postToSlackEndpoint(firewatch.url, body, { timestamp, signature }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await firewatch.server.core.store.nextIncidentNumber()).toBe(2);
    expect(answers[2]!.text).toContain('handled already');
  });

  it('refuses signed bodies that are not objects, and keeps serving', async () => {
    firewatch = await startFirewatch();
    const form = await postToSlackEndpoint(firewatch.url, 'payload=null', { secret: SIGNING_SECRET });
    const json = await postToSlackEndpoint(firewatch.url, 'null', {
      secret: SIGNING_SECRET,
      contentType: 'application/json',
    });
    const list = await postToSlackEndpoint(firewatch.url, '[1,2]', {
      secret: SIGNING_SECRET,
      contentType: 'application/json',
    });
    expect([form.status, json.status, list.status]).toEqual([400, 400, 400]);
    const health = await fetch(`http://127.0.0.1:${firewatch.server.port}/healthz`);
    expect(health.status).toBe(200);
    expect((await firewatch.command('list')).status).toBe(200);
  });
});

describe('replayed buttons and forms', () => {
  function takeCommandClick(channel: string, responseUrl: string) {
    return buttonClick({
      action: 'take_command',
      value: 'INC-1',
      user: 'UBOB',
      channel: { id: channel, name: 'inc-1-checkout-down' },
      responseUrl,
      trigger: '5.1.take',
      actionTs: '5.2',
    });
  }

  it('a click sent again changes nothing, even after someone else changed the incident meanwhile', async () => {
    firewatch = await startFirewatch();
    await firewatch.command('declare sev2 Checkout down');
    await firewatch.settle();
    const channel = firewatch.slack.channelNamed('inc-1-checkout-down')!;
    const click = takeCommandClick(channel.id, `${firewatch.slack.url}/response/click`);
    expect((await firewatch.interact(click)).status).toBe(200);
    await firewatch.command('assign commander <@UALICE|alice>', { channel: channel.id });
    expect((await firewatch.server.core.store.load('INC-1'))!.incident.roles.commander).toBe('UALICE');

    const replayed = await firewatch.interact({
      ...click,
      response_url: `${firewatch.slack.url}/response/replay`,
    });
    expect(replayed.status).toBe(200);
    await firewatch.settle(() => firewatch!.slack.responses.some((sent) => sent.path === '/response/replay'));
    const answer = firewatch.slack.responses.find((sent) => sent.path === '/response/replay')!;
    expect(String(answer.body.text)).toContain('handled already');
    expect((await firewatch.server.core.store.load('INC-1'))!.incident.roles.commander).toBe('UALICE');
  });

  it('a form submission sent again adds nothing', async () => {
    firewatch = await startFirewatch();
    await firewatch.command('declare sev2 Checkout down');
    await firewatch.settle();
    const submission = viewSubmission(
      'UALICE',
      { callback_id: 'add_note', private_metadata: JSON.stringify({ incident: 'INC-1' }) },
      { text: { value: { type: 'plain_text_input', value: 'Failed over to Adyen' } } },
    );
    const first = await firewatch.interact(submission);
    const again = await firewatch.interact(submission);
    expect(first.status).toBe(200);
    expect(again.text).toContain('handled already');
    const notes = (await firewatch.server.core.store.timeline('INC-1')).filter(
      (event) => event.kind === 'note_added',
    );
    expect(notes).toHaveLength(1);
  });

  it('the declare form sent again declares once', async () => {
    firewatch = await startFirewatch();
    const submission = viewSubmission(
      'UALICE',
      { callback_id: 'declare_incident', private_metadata: JSON.stringify({ channel: 'CGENERAL' }) },
      {
        title: { value: { type: 'plain_text_input', value: 'Search is down' } },
        severity: { value: { type: 'static_select', selected_option: { value: 'SEV2' } } },
      },
    );
    await firewatch.interact(submission);
    await firewatch.interact(submission);
    expect(await firewatch.server.core.store.nextIncidentNumber()).toBe(2);
  });
});

describe('paths', () => {
  it('serves /metrics and /healthz at their exact paths only', async () => {
    firewatch = await startFirewatch();
    const base = `http://127.0.0.1:${firewatch.server.port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/healthz?probe=1`)).status).toBe(200);
    for (const variant of ['/METRICS', '/metrics/', '/Healthz', '/healthz/']) {
      expect((await fetch(`${base}${variant}`)).status, variant).toBe(404);
    }
    // fetch would normalise the dots away: send the path as typed.
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect(firewatch!.server.port!, '127.0.0.1', () =>
        socket.write('GET /x/../metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      );
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('close', () => resolve(answer));
    });
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
  });

  it('serves /metrics and /healthz on METRICS_PORT only, when it is set', async () => {
    firewatch = await startFirewatch({ env: { METRICS_PORT: '0' } });
    const main = `http://127.0.0.1:${firewatch.server.port}`;
    const probes = `http://127.0.0.1:${firewatch.server.metricsPort}`;
    expect(firewatch.server.metricsPort).not.toBe(firewatch.server.port);
    expect((await fetch(`${probes}/metrics`)).status).toBe(200);
    expect(await (await fetch(`${probes}/healthz`)).json()).toEqual({ ok: true });
    for (const path of ['/metrics', '/healthz'])
      expect((await fetch(`${main}${path}`)).status, path).toBe(404);
    // Nothing else on the probes' port: not Slack's endpoint, not a variant of the paths.
    for (const path of ['/slack/events', '/METRICS', '/metrics/'])
      expect((await fetch(`${probes}${path}`)).status, path).toBe(404);
    expect((await fetch(`${probes}/metrics`, { method: 'POST' })).status).toBe(405);
    // Slack's endpoint still answers on PORT.
    expect((await firewatch.command('list')).status).toBe(200);
  });
});
