import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Core, composeCore } from '../../src/main.js';
import { PagerDutyClient } from '../../src/pagerduty/pagerduty-client.js';
import { actor, REPO, run, silentLogger } from '../support/harness.js';
import { tempDir } from '../support/temp.js';

let core: Core | undefined;
afterEach(async () => {
  await core?.store.close();
  core = undefined;
});

async function compose(env: Record<string, string>): Promise<Core> {
  const config = loadConfig({
    DATABASE_URL: path.join(tempDir(), 'firewatch.db'),
    RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    ...env,
  });
  core = await composeCore(config, { logger: silentLogger });
  return core;
}

describe('PagerDuty configuration', () => {
  it('builds the client from PAGERDUTY_TOKEN, with the regional or local URLs given', async () => {
    const { deps } = await compose({
      PAGERDUTY_TOKEN: 'pd-token',
      PAGERDUTY_API_URL: 'https://api.eu.pagerduty.com/',
      PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:9999',
    });
    expect(deps.pager).toBeInstanceOf(PagerDutyClient);
    expect(
      loadConfig({ PAGERDUTY_TOKEN: 't', PAGERDUTY_API_URL: 'https://api.eu.pagerduty.com/' }).pagerduty,
    ).toMatchObject({
      apiUrl: 'https://api.eu.pagerduty.com',
      eventsUrl: 'https://events.pagerduty.com',
    });
  });

  it('without a token, has no pager, and says so where PagerDuty would be used', async () => {
    const { deps } = await compose({});
    expect(deps.pager).toBeUndefined();
    await expect(run(deps, 'oncall payments', actor())).rejects.toMatchObject({
      code: 'NOT_CONFIGURED',
      message: 'PagerDuty is not configured, so I cannot tell who is on call.',
    });
    const declared = await run(deps, 'declare sev1 service:payments Checkout down', actor());
    expect(JSON.stringify(declared)).toContain('PagerDuty is not configured (set PAGERDUTY_TOKEN)');
  });

  it('reads every PD_ROUTING_* variable once, at start, and pages with what it read', async () => {
    const env: Record<string, string> = {
      DATABASE_URL: path.join(tempDir(), 'firewatch.db'),
      RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
      PD_ROUTING_PAYMENTS: ' R0UT1NGK3YPAYMENTS ',
      PD_ROUTING_EMPTY: '  ',
      ROUTING_DATABASE: 'not a routing key variable',
    };
    const config = loadConfig(env);
    expect(config.routingKeys).toEqual({ PD_ROUTING_PAYMENTS: 'R0UT1NGK3YPAYMENTS' });
    expect(Object.isFrozen(config.routingKeys)).toBe(true);
    // A variable changed after start is not seen: the configuration is what was read then.
    env.PD_ROUTING_PAYMENTS = 'changed-later';
    env.PD_ROUTING_DATABASE = 'added-later';
    core = await composeCore(config, { logger: silentLogger });
    expect(core.deps.settings.routingKey('PD_ROUTING_PAYMENTS')).toBe('R0UT1NGK3YPAYMENTS');
    expect(core.deps.settings.routingKey('PD_ROUTING_DATABASE')).toBeUndefined();
    expect(core.deps.settings.routingKey('ROUTING_DATABASE')).toBeUndefined();
  });
});
