import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawnCharts, launchChromium, watchErrors } from '../support/browser.js';
import { ManualClock } from '../support/clock.js';
import { FakeSlack } from '../support/fake-slack.js';
import { REPO } from '../support/harness.js';
import { type Firewatch, startFirewatch } from '../support/slack-harness.js';
import { ALICE, BOB, PRIVATE_TITLE, SCRIPT_TITLE, seedIncidents } from './seed.js';

/**
 * The dashboard as people use it: Firewatch started as main() starts it (Slack mode, against a
 * local stand-in for Slack), incidents typed as slash commands, pages read in Debian's Chromium.
 * With UPDATE_SCREENSHOTS=1 the screenshots replace those in docs/screenshots/.
 */
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(REPO, 'docs', 'screenshots')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-screens-'));

let slack: FakeSlack;
let dir: string;
let clock: ManualClock;
let browser: Browser;
let ids: Awaited<ReturnType<typeof seedIncidents>>;
const running: Firewatch[] = [];

/** Another Firewatch on the same database, with the dashboard set up by these variables. */
async function serve(env: Record<string, string>): Promise<string> {
  const firewatch = await startFirewatch({ slack, dir, clock, leaseMs: 365 * 86_400_000, env });
  running.push(firewatch);
  return `http://127.0.0.1:${firewatch.server.port}`;
}

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
  slack.addUser(ALICE);
  slack.addUser(BOB);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firewatch-dashboard-'));
  clock = new ManualClock();
  const first = await startFirewatch({
    slack,
    dir,
    clock,
    leaseMs: 365 * 86_400_000,
    env: { DASHBOARD_AUTH: 'off', HOST: '127.0.0.1' },
  });
  running.push(first);
  ids = await seedIncidents(first, clock);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const firewatch of running) await firewatch.stop();
  await slack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  if (process.env.UPDATE_SCREENSHOTS !== '1') fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
});

describe('the dashboard with DASHBOARD_AUTH=off on loopback', () => {
  let base: string;
  let context: BrowserContext;
  beforeAll(async () => {
    base = `http://127.0.0.1:${running[0]!.server.port}`;
    context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  });
  afterAll(() => context.close());

  it('lists incidents open first, filters them by a link, opens one and links back', async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');

    const rows = page.locator('tbody tr th a');
    // The open one first, then the rest newest first; the private one is nobody's to see here.
    expect(await rows.allTextContents()).toEqual([ids.open, ids.script, ...[...ids.resolved].reverse()]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incidents.png'), fullPage: true });

    await page.selectOption('select[name="severity"]', 'SEV1');
    await page.click('form.filters button');
    await page.waitForURL(/severity=SEV1/);
    expect(await rows.allTextContents()).toEqual([ids.open, 'INC-5', 'INC-1']);

    await page.click(`a[href="/incidents/INC-5"]`);
    await page.waitForURL(/\/incidents\/INC-5$/);
    expect(await page.locator('h1').textContent()).toBe('INC-5: Incident 5 on database');
    expect(await page.locator('ol.timeline li').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('ol.timeline').textContent()).toContain('Bob Stone is now commander');

    await page.click('text=← All incidents');
    await page.waitForURL(`${base}/`);
    expect(await page.locator('h1').textContent()).toBe('Incidents');
    expect(errors).toEqual([]);
  });

  it('shows a hostile title as text, never as markup', async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/incidents/${ids.script}`);
    expect(await page.locator('h1').textContent()).toBe(`${ids.script}: ${SCRIPT_TITLE}`);
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.locator('ol.timeline').textContent()).toContain('Cards declined at <b>checkout</b>');
    expect(await page.locator('ol.timeline b').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incident.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('hides a private incident from a reader who is nobody in particular', async () => {
    const page = await context.newPage();
    expect(await page.goto(`${base}/`).then((response) => response?.text())).not.toContain(PRIVATE_TITLE);
    const answer = await page.goto(`${base}/incidents/${ids.private}`);
    expect(answer?.status()).toBe(404);
    expect(await page.locator('main').textContent()).not.toContain(PRIVATE_TITLE);
  });

  it.each([
    ['/reports', 3, 'reports.png'],
    ['/dora', 1, 'dora.png'],
  ])('draws the charts on %s, with their tables folded away', async (route, charts, screenshot) => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}${route}?window=90d`);
    await page.waitForSelector('.plot.drawn');
    expect(await drawnCharts(page)).toEqual({ charts, drawn: charts });
    expect(await page.locator('details.figures[open]').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, screenshot), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('says on /dora that no deployments are known yet', async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/dora`);
    expect(await page.locator('main').textContent()).toContain('No deployments are known yet.');
    expect(errors).toEqual([]);
  });

  it("draws each SLO's budget on /slo, with the incident that spent it", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/slo`);
    await page.waitForSelector('.plot.drawn');
    const { charts, drawn } = await drawnCharts(page);
    expect(charts).toBeGreaterThan(0);
    expect(drawn).toBe(charts);
    const main = await page.locator('main').textContent();
    expect(main).toContain('payments: checkout-availability');
    expect(main).toContain(SCRIPT_TITLE);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'slo.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('reads without JavaScript: the figures are in tables', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const page = await plain.newPage();
    await page.goto(`${base}/reports`);
    expect(await page.locator('.plot canvas').count()).toBe(0);
    expect(await page.locator('details.figures[open]').count()).toBe(3);
    expect(await page.locator('details.figures table').first().textContent()).toContain('median');
    await plain.close();
  });

  it('reads on a phone, in dark mode', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
      isMobile: true,
    });
    const page = await phone.newPage();
    await page.goto(`${base}/`);
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(17, 20, 24)');
    // Nothing wider than the screen but the tables, which scroll inside their own box.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incidents-phone-dark.png'), fullPage: true });
    await phone.close();
  });

  it('moves through the page with the keyboard', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Firewatch');
  });
});

describe('the dashboard behind an authenticating proxy (DASHBOARD_AUTH=proxy)', () => {
  let base: string;
  beforeAll(async () => {
    base = await serve({ DASHBOARD_AUTH: 'proxy', DASHBOARD_TRUSTED_PROXIES: '127.0.0.1' });
  });

  it('shows a private incident to its participant, and to nobody else', async () => {
    for (const [person, sees] of [
      [ALICE, true],
      [BOB, false],
    ] as const) {
      const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-Email': person.email } });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${base}/`);
      expect(await page.locator('.reader').textContent()).toBe(person.email);
      expect(await page.locator('tbody').textContent()).toContain(sees ? PRIVATE_TITLE : ids.open);
      if (!sees) expect(await page.locator('tbody').textContent()).not.toContain(PRIVATE_TITLE);
      const answer = await page.goto(`${base}/incidents/${ids.private}`);
      expect(answer?.status()).toBe(sees ? 200 : 404);
      if (sees) expect(await page.locator('main').textContent()).toContain(`Times are in ${ALICE.tz}`);
      // Not counted in the reports either: the overall line names how many incidents it covers.
      await page.goto(`${base}/reports?window=90d`);
      expect(await page.locator('main > p').first().textContent()).toMatch(
        sees ? /^11 incidents/ : /^10 incidents/,
      );
      expect(errors.filter((error) => !error.includes('404'))).toEqual([]);
      await context.close();
    }
  });

  it('answers 401 without the header, and for an e-mail no Slack account has', async () => {
    const page = await browser.newPage();
    const bare = await page.goto(`${base}/`);
    expect(bare?.status()).toBe(401);
    expect(await page.locator('main').textContent()).toContain('no X-Forwarded-Email header');
    await page.setExtraHTTPHeaders({ 'X-Forwarded-Email': 'stranger@example.com' });
    const stranger = await page.goto(`${base}/`);
    expect(stranger?.status()).toBe(401);
    expect(await page.locator('main').textContent()).toContain('No Slack account has the e-mail address');
    await page.close();
  });

  it('answers 401 to a request that did not come from a trusted proxy', async () => {
    const elsewhere = await serve({ DASHBOARD_AUTH: 'proxy', DASHBOARD_TRUSTED_PROXIES: '10.1.2.3' });
    const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-Email': ALICE.email } });
    const page = await context.newPage();
    const answer = await page.goto(`${elsewhere}/`);
    expect(answer?.status()).toBe(401);
    expect(await page.locator('main').textContent()).toContain(
      'not an authenticating proxy this dashboard trusts',
    );
    await context.close();
  });
});

describe('the dashboard with Sign in with Slack (DASHBOARD_AUTH=slack)', () => {
  let base: string;
  beforeAll(async () => {
    base = await serve({
      DASHBOARD_AUTH: 'slack',
      SLACK_CLIENT_ID: slack.openIdClient.id,
      SLACK_CLIENT_SECRET: slack.openIdClient.secret,
    });
  });

  it('answers 401 until signed in, signs in through Slack, and shows what that person may see', async () => {
    slack.signInAs = ALICE;
    const context = await browser.newContext();
    const page = await context.newPage();
    const first = await page.goto(`${base}/incidents/${ids.private}`);
    expect(first?.status()).toBe(401);
    await page.click('text=Sign in with Slack');
    await page.waitForURL(`${base}/`);
    expect(await page.locator('.reader').textContent()).toContain(ALICE.name);
    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'fw_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    expect(await page.locator('tbody').textContent()).toContain(PRIVATE_TITLE);
    expect((await page.goto(`${base}/incidents/${ids.private}`))?.status()).toBe(200);
    await context.close();

    slack.signInAs = BOB;
    const bob = await browser.newContext();
    const bobPage = await bob.newPage();
    await bobPage.goto(`${base}/auth/login`);
    await bobPage.waitForURL(`${base}/`);
    expect(await bobPage.locator('tbody').textContent()).not.toContain(PRIVATE_TITLE);
    expect((await bobPage.goto(`${base}/incidents/${ids.private}`))?.status()).toBe(404);
    await bob.close();
  });

  it('answers 401 to a forged cookie, a sign-in it did not start, and Slack refusing', async () => {
    const context = await browser.newContext();
    const url = new URL(base);
    await context.addCookies([
      {
        name: 'fw_session',
        value: 'eyJ1IjoiVUFMSUNFIiwiZSI6OTk5OTk5OTk5OTk5OX0.forged',
        domain: url.hostname,
        path: '/',
      },
    ]);
    const page = await context.newPage();
    const forged = await page.goto(`${base}/`);
    expect(forged?.status()).toBe(401);
    expect(await page.locator('main').textContent()).toContain('Your session has expired or is not valid.');
    const unasked = await page.goto(`${base}/auth/callback?code=code-1&state=not-mine`);
    expect(unasked?.status()).toBe(401);
    slack.signInAs = undefined;
    await page.goto(`${base}/auth/login`);
    expect(await page.locator('main').textContent()).toContain('Slack did not sign you in (access_denied)');
    await context.close();
  });

  it('answers 401 once the session has expired', async () => {
    slack.signInAs = ALICE;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/auth/login`);
    await page.waitForURL(`${base}/`);
    expect((await page.goto(`${base}/`))?.status()).toBe(200);
    clock.advance('9h');
    const expired = await page.goto(`${base}/`);
    expect(expired?.status()).toBe(401);
    await context.close();
  });
});
