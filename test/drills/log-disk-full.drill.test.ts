import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Child, freePort, httpModeEnv, startChild, waitForHealth } from '../support/child.js';
import { FakeSlack } from '../support/fake-slack.js';
import { postToSlackEndpoint } from '../support/signing.js';
import { tempDir } from '../support/temp.js';

const SECRET = 'drill-signing-secret';
let child: Child | undefined;
let slack: FakeSlack | undefined;
let logFd: number | undefined;
afterEach(async () => {
  child?.process.kill('SIGKILL');
  await child?.exited;
  await slack?.stop();
  if (logFd !== undefined) fs.closeSync(logFd);
  child = undefined;
  slack = undefined;
  logFd = undefined;
});

describe('the full-disk drill', () => {
  // /dev/full answers every write with ENOSPC, as a full disk under the log file does.
  it.runIf(fs.existsSync('/dev/full'))(
    'keeps serving when the log file cannot be written, and counts the lost writes in /metrics',
    async () => {
      slack = new FakeSlack();
      await slack.start();
      const dir = tempDir();
      const port = await freePort();
      logFd = fs.openSync('/dev/full', 'w');
      child = startChild(
        { ...httpModeEnv({ apiUrl: slack.apiUrl, secret: SECRET, port, dir }), LOG_LEVEL: 'debug' },
        { stdout: logFd },
      );
      await waitForHealth(port);
      const body = new URLSearchParams({
        command: '/incident',
        text: 'declare sev3 Disk full under the logs',
        user_id: 'UALICE',
        channel_id: 'CGENERAL',
        team_id: 'T1',
        trigger_id: '1.1.a',
        response_url: `${slack.url}/response/1`,
      }).toString();
      const declared = await postToSlackEndpoint(`http://127.0.0.1:${port}/slack/events`, body, {
        secret: SECRET,
      });
      expect(declared.text).toContain('Declared INC-1');
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const dropped = Number(/^firewatch_log_writes_dropped (\d+)/m.exec(metrics)?.[1]);
      expect(dropped).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(child.process.exitCode).toBeNull();
    },
  );
});
