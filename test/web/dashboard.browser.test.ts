import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, drawnCharts, launchChromium, watchErrors } from '../support/browser.js';
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
const DEPLOY_WEBHOOK_TOKEN = 'deploy-token-for-tests';

/** Another Firewatch on the same database, with the dashboard set up by these variables. */
async function serve(env: Record<string, string>): Promise<string> {
  const firewatch = await startFirewatch({ slack, dir, clock, leaseMs: 365 * 86_400_000, env });
  running.push(firewatch);
  return `http://127.0.0.1:${firewatch.server.port}`;
}

// The browser tests need Debian's Chromium; CI installs it (.ci/run) and must run them.
it.runIf(process.env.CI === 'true')('has Chromium to run the browser tests in', () => {
  expect(fs.existsSync(CHROMIUM), `CI must install ${CHROMIUM} (see .ci/run)`).toBe(true);
});

describe.runIf(fs.existsSync(CHROMIUM))('the dashboard in Chromium', () => {
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
      env: { DASHBOARD_AUTH: 'off', HOST: '127.0.0.1', DEPLOY_WEBHOOK_TOKEN },
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
      ['/dora', 1, undefined],
    ])('draws the charts on %s, with their tables folded away', async (route, charts, screenshot) => {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${base}${route}?window=90d`);
      await page.waitForSelector('.plot.drawn');
      expect(await drawnCharts(page)).toEqual({ charts, drawn: charts });
      expect(await page.locator('details.figures[open]').count()).toBe(0);
      if (screenshot) await page.screenshot({ path: path.join(SCREENSHOTS, screenshot), fullPage: true });
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

  describe('the dashboard once deployments are recorded', () => {
    let base: string;
    let context: BrowserContext;
    beforeAll(async () => {
      const first = running[0]!;
      base = `http://127.0.0.1:${first.server.port}`;
      // A payments deployment 30 minutes before each seeded incident, each shipping two changes made
      // two and one hours before it, sent the way a CI step sends them.
      for (let week = 0; week < 8; week++) {
        const finished = Date.parse('2026-09-28T08:30:00Z') + week * 7 * 86_400_000;
        const iso = (ms: number) => new Date(ms).toISOString();
        const response = await fetch(`${base}/webhooks/deployments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${DEPLOY_WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            service: 'payments',
            sha: `${week}`.repeat(8) + 'abcdef',
            finished_at: iso(finished),
            commits: [
              { sha: `c${week}`.repeat(4), committed_at: iso(finished - 2 * 3_600_000) },
              { sha: `d${week}`.repeat(4), committed_at: iso(finished - 3_600_000) },
            ],
          }),
        });
        expect(response.status).toBe(201);
      }
      // INC-1 (payments, resolved 1h49m after impact began) was caused by the first one.
      const linked = await first.answer('cause INC-1 deploy:D-1 pool size change', { user: ALICE.id });
      expect(linked.text).toContain('INC-1 is linked to deployment D-1');
      await first.settle();
      context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    });
    afterAll(() => context.close());

    it('draws the four keys on /dora, each with its figure over the window and its band', async () => {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${base}/dora?window=90d`);
      await page.waitForSelector('.plot.drawn');
      expect(await drawnCharts(page)).toEqual({ charts: 4, drawn: 4 });
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).not.toContain('No deployments are known yet.');
      // 8 deployments over 90 days: 8 ÷ 90 × 7 = 0.62 a week. Lead times are 1h and 2h: median 1h 30m.
      expect(main).toContain('0.62 a week');
      expect(main).toContain('median 1h 30m, p90');
      expect(main).toContain('12.5 % (1 of 8 deployments caused an incident)');
      // INC-1: impact began 09:00, resolved 09:54 (4 + 20 + 30 minutes in the seed).
      expect(main).toContain('Over the window: median 54m, band elite (DORA 2023) (n = 1).');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'dora.png'), fullPage: true });
      expect(errors).toEqual([]);
    });

    it('shows the linked deployment and the error budget on the incident page', async () => {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${base}/incidents/INC-1`);
      const section = (name: string) => page.locator(`h2:text-is("${name}") + *`).textContent();
      expect(await section('Deployment')).toContain(
        'D-1: payments 0000000 to production, finished 2026-09-28 08:30 UTC (2 changes) — pool size change',
      );
      // INC-1 recorded no impact figure: what it would have cost if all traffic was affected.
      expect(await section('Error budget')).toMatch(
        /checkout-availability: impact not recorded — up to [\d.]+ min/,
      );
      await page.goto(`${base}/incidents/${ids.script}`);
      // 30 % of traffic for 45 minutes: 33.5 % of 99.9 % over 28 days.
      expect(await section('Error budget')).toContain(
        "checkout-availability: 13.5 min, 33.5 % of the window's budget",
      );
      expect(errors).toEqual([]);
    });

    it('marks an incident recorded after the fact, and /reports leaves such incidents out on request', async () => {
      const first = running[0]!;
      const recorded = await first.answer(
        'record sev2 service:payments Cache stampede after a config push from:2026-11-02T10:00Z to:2026-11-02T11:30Z',
        { user: ALICE.id },
      );
      const id = /INC-\d+/.exec(recorded.text)![0];
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${base}/`);
      expect(await page.locator(`tr:has(a[href="/incidents/${id}"])`).textContent()).toContain(
        'Resolved (recorded after the fact)',
      );
      await page.click(`a[href="/incidents/${id}"]`);
      expect(await page.locator('main').textContent()).toContain('Recorded after the fact:');
      await page.goto(`${base}/reports?window=90d`);
      expect(await page.locator('main').textContent()).toContain(
        '1 of these was recorded after the fact (/incident record or an import).',
      );
      const counted = await page.locator('main > p').first().textContent();
      await page.click('text=Leave them out');
      await page.waitForURL(/live=only/);
      expect(await page.locator('main').textContent()).toContain(
        'Live incidents only: 1 recorded after the fact is left out.',
      );
      const live = await page.locator('main > p').first().textContent();
      const count = (text: string | null) => Number(/^(\d+) incidents/.exec(text ?? '')![1]);
      expect(count(live)).toBe(count(counted) - 1);
      expect(errors).toEqual([]);
    });
  });
});
