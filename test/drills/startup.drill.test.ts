import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { declaration } from '../store/store-contract.js';
import { startChild } from '../support/child.js';
import { REPO } from '../support/harness.js';
import { tempDir } from '../support/temp.js';

async function startAndFail(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = startChild({ RUNBOOKS_DIR: path.join(REPO, 'runbooks'), PORT: '0', ...env });
  child.process.stdin?.end();
  const { code } = await child.exited;
  return { code, output: child.output() };
}

describe('bad configuration fails at start, naming what to fix', () => {
  it('refuses a bot token without a signing secret in HTTP mode', async () => {
    const result = await startAndFail({
      SLACK_BOT_TOKEN: 'xoxb-1',
      DATABASE_URL: path.join(tempDir(), 'db'),
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('SLACK_SIGNING_SECRET is missing');
    expect(result.output).not.toContain('xoxb-1');
  }, 30_000);

  it('refuses a database path it cannot use, naming the path', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'x');
    const result = await startAndFail({ DATABASE_URL: path.join(blocker, 'firewatch.db') });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`The database at ${path.join(blocker, 'firewatch.db')} cannot be used`);
  }, 30_000);

  it('refuses a corrupted database instead of running on it', async () => {
    const file = path.join(tempDir(), 'firewatch.db');
    const store = SqliteStore.open(file);
    for (let count = 0; count < 200; count++) await store.commit(declaration());
    store.connection.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();
    // Overwrite pages in the middle of the file, as a failing disk would.
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 8192, 8192 + 4096 * 4);
    fs.writeFileSync(file, bytes);
    const result = await startAndFail({ DATABASE_URL: file });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`The database at ${file} cannot be used`);
    expect(result.output).toMatch(/integrity check failed|malformed/);
  }, 30_000);
});

describe('loadConfig', () => {
  it('lists every problem at once, each naming its variable', () => {
    const load = () =>
      loadConfig({
        SLACK_APP_TOKEN: 'xapp-1',
        PORT: 'eighty',
        INCIDENT_UPDATE_INTERVALS: 'sev1=soon',
        PAGERDUTY_PAGE_SEVERITIES: 'sev1,sev7',
        LOG_LEVEL: 'loud',
        RUNBOOK_BASE_URL: 'ftp://x',
        INCIDENT_CHANNEL_PREFIX: 'Inc Channel',
        PAGERDUTY_API_URL: 'nope',
        ERROR_BUDGET_POLICY: 'incident=a fifth',
      });
    expect(load).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    for (const name of [
      'SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not',
      'PORT',
      'INCIDENT_UPDATE_INTERVALS',
      'PAGERDUTY_PAGE_SEVERITIES',
      'LOG_LEVEL',
      'RUNBOOK_BASE_URL',
      'INCIDENT_CHANNEL_PREFIX',
      'PAGERDUTY_API_URL',
      'ERROR_BUDGET_POLICY: incident=a fifth must be a percentage',
    ]) {
      expect(load).toThrow(name);
    }
  });

  it('reads INCIDENT_EDITORS: anyone by default, participants or roles', () => {
    expect(loadConfig({}).incidentEditors).toBe('anyone');
    expect(loadConfig({ INCIDENT_EDITORS: 'Roles' }).incidentEditors).toBe('roles');
    expect(() => loadConfig({ INCIDENT_EDITORS: 'admins' })).toThrow(
      'INCIDENT_EDITORS must be one of anyone, participants, roles, not "admins"',
    );
  });

  it('reads DECLARE_RATE_LIMIT: 20 a minute by default, N/window, or off', () => {
    expect(loadConfig({}).declareRateLimit).toEqual({ count: 20, windowMs: 60_000 });
    expect(loadConfig({ DECLARE_RATE_LIMIT: '5/30s' }).declareRateLimit).toEqual({
      count: 5,
      windowMs: 30_000,
    });
    expect(loadConfig({ DECLARE_RATE_LIMIT: 'off' }).declareRateLimit).toBeUndefined();
    for (const wrong of ['20', '0/1m', 'twenty/1m', '20/soon'])
      expect(() => loadConfig({ DECLARE_RATE_LIMIT: wrong }), wrong).toThrow(
        `DECLARE_RATE_LIMIT: "${wrong}" should look like 20/1m`,
      );
  });

  it('reads METRICS_PORT: a port apart from PORT, in Slack mode', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '3000' };
    expect(loadConfig({ ...slack, METRICS_PORT: '9100' }).metricsPort).toBe(9100);
    expect(loadConfig(slack).metricsPort).toBeUndefined();
    expect(() => loadConfig({ ...slack, METRICS_PORT: 'ninety' })).toThrow(
      'METRICS_PORT must be a port number (0–65535), not "ninety"',
    );
    expect(() => loadConfig({ ...slack, METRICS_PORT: '3000' })).toThrow('METRICS_PORT is PORT (3000)');
    expect(() => loadConfig({ METRICS_PORT: '9100' })).toThrow('METRICS_PORT is for Slack mode');
  });

  it('picks the mode from the tokens and applies defaults, frozen', () => {
    expect(loadConfig({}).mode).toBe('console');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).mode).toBe('http');
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.mode).toBe('socket');
    expect(socket.slack?.apiUrl).toBe('https://slack.com/api/');
    expect(socket.updateIntervals).toEqual({ SEV1: 15 * 60_000, SEV2: 30 * 60_000, SEV3: 120 * 60_000 });
    expect(Object.isFrozen(socket) && Object.isFrozen(socket.slack)).toBe(true);
    expect(loadConfig({ INCIDENT_UPDATE_INTERVALS: 'sev1=30s,sev3=off' }).updateIntervals).toEqual({
      SEV1: 30_000,
      SEV2: 30 * 60_000,
    });
    expect(loadConfig({ PAGERDUTY_PAGE_SEVERITIES: 'none' }).pageSeverities).toEqual([]);
    expect(loadConfig({ DATABASE_URL: 'file:/tmp/x.db' }).databasePath).toBe('/tmp/x.db');
    // PostgreSQL: the URL goes to the store; messages and logs show it without its password.
    const postgres = loadConfig({ DATABASE_URL: 'postgres://firewatch:s3cret@db.internal:5432/firewatch' });
    expect(postgres.postgresUrl).toBe('postgres://firewatch:s3cret@db.internal:5432/firewatch');
    expect(postgres.databasePath).toBe('postgres://firewatch:***@db.internal:5432/firewatch');
    // Error budgets: SLO_DIR is optional, the policy defaults to the SRE Workbook's example.
    expect(loadConfig({}).slos).toEqual({ dir: './slos', named: false });
    expect(loadConfig({ SLO_DIR: '/etc/slos' }).slos).toEqual({ dir: '/etc/slos', named: true });
    expect(loadConfig({}).errorBudgetPolicy).toMatchObject({ incidentShare: 0.2, freezeShare: 1 });
    expect(loadConfig({ ERROR_BUDGET_POLICY: 'freeze=75%' }).errorBudgetPolicy.freezeShare).toBe(0.75);
  });
});
