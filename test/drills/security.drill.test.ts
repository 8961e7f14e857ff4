import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.js';
import { REPO } from '../support/harness.js';
import { type Firewatch, SIGNING_SECRET, startFirewatch } from '../support/slack-harness.js';

let firewatch: Firewatch | undefined;
let slack: FakeSlack | undefined;
afterEach(async () => {
  await firewatch?.stop();
  await slack?.stop();
  firewatch = undefined;
  slack = undefined;
});

describe('private incidents', () => {
  it('get a private channel and never show up for people outside them', async () => {
    slack = new FakeSlack();
    await slack.start();
    const announce = slack.createChannel('incidents');
    firewatch = await startFirewatch({ slack, env: { INCIDENT_ANNOUNCE_CHANNEL: announce.id } });
    await firewatch.command('declare private sev1 service:payments Card data exposure', { user: 'USAM' });
    await firewatch.command('declare sev3 Slow search', { user: 'USAM' });
    await firewatch.settle();
    expect(slack.channelNamed('inc-1-card-data-exposure')?.is_private).toBe(true);
    expect(announce.messages.map((message) => message.text)).toEqual([expect.stringContaining('INC-2')]);
    for (const command of ['list', 'stats', 'shift 24h']) {
      const outsider = JSON.stringify((await firewatch.command(command, { user: 'UEVE' })).json());
      expect(outsider, command).not.toContain('Card data exposure');
      expect(outsider, command).not.toMatch(/INC-1\b/);
      const member = JSON.stringify((await firewatch.command(command, { user: 'USAM' })).json());
      // The shift report is posted for the whole channel: the member gets the private part aside.
      if (command === 'list') expect(member, command).toContain('Card data exposure');
      if (command === 'shift 24h') expect(member, command).not.toContain('Card data exposure');
    }
    expect(JSON.stringify((await firewatch.command('stats', { user: 'UEVE' })).json())).toContain(
      '1 declared since',
    );
    expect(JSON.stringify((await firewatch.command('stats', { user: 'USAM' })).json())).toContain(
      '2 declared since',
    );
    const probe = JSON.stringify((await firewatch.command('note INC-1 let me in', { user: 'UEVE' })).json());
    expect(probe).toContain('There is no incident INC-1 you can see');
  });
});

describe('secrets', () => {
  it('never reach the logs, the replies or the database', async () => {
    const logs = new PassThrough();
    let logged = '';
    logs.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    firewatch = await startFirewatch({ logs });
    await firewatch.command('declare sev2 Token test');
    firewatch.slack.fail('chat.postMessage', { error: 'invalid_auth' });
    await firewatch.settle();
    await firewatch.command('frobnicate');
    await firewatch.interact({ type: 'view_submission' }); // an unexpected error, logged with a ref
    expect(logged.length).toBeGreaterThan(1000);
    for (const secret of ['xoxb-test-token', SIGNING_SECRET]) {
      expect(logged).not.toContain(secret);
      expect(fs.readFileSync(path.join(firewatch.dir, 'firewatch.db')).includes(secret)).toBe(false);
    }
    expect(firewatch.slack.responses.map((response) => JSON.stringify(response.body)).join('')).not.toContain(
      'xoxb',
    );
  });
});

describe('SQL', () => {
  it('only ever interpolates fixed fragments into statements; values are bound parameters', () => {
    const source = fs.readFileSync(path.join(REPO, 'src', 'store', 'sqlite', 'sqlite-store.ts'), 'utf8');
    const interpolations = [...source.matchAll(/`[^`]*`/gs)]
      .map((match) => match[0])
      .filter((text) => /\b(SELECT|UPDATE|INSERT|DELETE)\b/.test(text))
      .flatMap((text) => [...text.matchAll(/\$\{([^}]*)\}/g)].map((inner) => inner[1]));
    // Fixed fragments: column lists, clauses built from constants, statuses checked against the closed list.
    const allowed = new Set([
      'incidentColumns',
      'where',
      'Number(limit)',
      'open',
      "names.join(', ')",
      'PENDING_HEADS',
      'DEPLOYMENT_COLUMNS',
      'DEPLOYMENT_PLACEHOLDERS',
    ]);
    expect(interpolations.filter((expression) => !allowed.has(expression!))).toEqual([]);
  });

  it('keeps hostile text as text', async () => {
    firewatch = await startFirewatch();
    const title = `x'); DROP TABLE incidents; -- "quoted" \\ %_`;
    await firewatch.command(`declare sev4 ${title}`);
    await firewatch.command(`note INC-1 ${title}`);
    const incident = (await firewatch.server.core.store.load('INC-1'))!.incident;
    expect(incident.title).toBe(title);
    expect((await firewatch.server.core.store.list({ viewer: 'UALICE' })).length).toBe(1);
  });
});
