import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startConsole } from '../../src/main.js';
import { ManualClock } from '../support/clock.js';
import { consoleEnv } from '../support/console-env.js';
import { silentLogger } from '../support/harness.js';
import { startFirewatch } from '../support/slack-harness.js';
import { tempDir } from '../support/temp.js';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('starting the dashboard', () => {
  it('refuses DASHBOARD_AUTH=off unless it listens on loopback, and says why', () => {
    expect(refusal({ ...SLACK, DASHBOARD_AUTH: 'off' })).toContain(
      'DASHBOARD_AUTH=off is refused while listening on 0.0.0.0: without sign-in, anyone who can reach the port could read every incident. Set HOST=127.0.0.1',
    );
    expect(refusal({ DASHBOARD_AUTH: 'off', HOST: '10.0.0.4' })).toContain('listening on 10.0.0.4');
    expect(
      refusal({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', DASHBOARD_AUTH: 'off' }),
    ).toContain('DASHBOARD_AUTH=off is refused in Socket Mode');
    expect(loadConfig({ ...SLACK, DASHBOARD_AUTH: 'off', HOST: '127.0.0.1' }).dashboard).toEqual({
      auth: 'off',
    });
  });

  it('says what each mode is missing', () => {
    expect(refusal({ ...SLACK, DASHBOARD_AUTH: 'proxy' })).toContain(
      'DASHBOARD_AUTH=proxy needs DASHBOARD_TRUSTED_PROXIES',
    );
    expect(refusal({ ...SLACK, DASHBOARD_AUTH: 'slack' })).toContain(
      'DASHBOARD_AUTH=slack needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET',
    );
    expect(refusal({ ...SLACK, DASHBOARD_AUTH: 'open' })).toContain(
      'DASHBOARD_AUTH must be one of off, proxy, slack, not "open"',
    );
  });

  it('serves the console on loopback with DASHBOARD_AUTH=off by default, and nothing in Slack mode unless asked', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', dashboard: { auth: 'off' } });
    const slack = loadConfig(SLACK);
    expect(slack.host).toBe('0.0.0.0');
    expect(slack.dashboard).toBeUndefined();
  });

  it('answers 404 in Slack mode without DASHBOARD_AUTH, and the start-up log says how to turn it on', async () => {
    let logs = '';
    const firewatch = await startFirewatch({
      logs: new Writable({
        write(chunk, _encoding, done) {
          logs += String(chunk);
          done();
        },
      }),
    });
    try {
      const response = await fetch(`http://127.0.0.1:${firewatch.server.port}/`);
      expect(response.status).toBe(404);
      expect(logs).toContain('dashboard: not served; set DASHBOARD_AUTH=slack');
    } finally {
      await firewatch.stop();
    }
  });

  it('is served by the console too, which says where in its first lines', async () => {
    const config = loadConfig(consoleEnv(tempDir(), { TZ: 'Europe/Paris', PORT: '0' }));
    const input = new PassThrough();
    let output = '';
    const done = startConsole(
      config,
      { input, output: { write: (text) => (output += text) }, interactive: false },
      { clock: new ManualClock('2026-11-26T14:00:00Z'), logger: silentLogger },
    );
    input.write('/incident declare sev2 private Console secret\n');
    const deadline = Date.now() + 10_000;
    while (!output.includes('INC-1') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const second = output.split('\n')[1]!;
    expect(second).toMatch(/^Dashboard: http:\/\/127\.0\.0\.1:\d+\/ \(as @alice, this machine only\)$/);
    const url = /http:\/\/\S+\//.exec(second)![0];
    const page = await (await fetch(`${url}incidents/INC-1`)).text();
    // The console's user took part, so their private incident is theirs to read, in their zone.
    expect(page).toContain('INC-1: Console secret');
    expect(page).toContain('Times are in Europe/Paris.');
    input.end();
    await done;
    await expect(fetch(url)).rejects.toThrow();
  });
});
