import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ManualClock } from '../support/clock.js';
import { consoleEnv, consoleSession } from '../support/console-env.js';
import { tempDir } from '../support/temp.js';

function session(dir: string, lines: string[], clock = new ManualClock()): Promise<string> {
  return consoleSession(
    consoleEnv(dir, { DATABASE_URL: path.join(dir, 'db', 'firewatch.db') }),
    lines,
    clock,
  );
}

describe('the local console', () => {
  it('runs a whole incident from a pipe and remembers it across restarts', async () => {
    const dir = tempDir();
    const clock = new ManualClock('2026-11-26T14:00:00Z');
    const first = await session(
      dir,
      [
        '/incident declare sev2 service:payments Card payments timing out',
        ':in #inc-1-card-payments-timing-out',
        'status monitoring Failed over to Adyen',
        'note Stripe confirmed a regional outage',
        'close',
        'resolve Stripe recovered',
        ':quit',
        'list',
      ],
      clock,
    );
    expect(first.split('\n')[0]).toContain('Firewatch console: SLACK_BOT_TOKEN is not set');
    expect(first).toContain(
      '@alice in #general> /incident declare sev2 service:payments Card payments timing out',
    );
    expect(first).toContain('#inc-1-card-payments-timing-out: (channel created)');
    expect(first).toContain('#inc-1-card-payments-timing-out: 🟠 INC-1 Card payments timing out');
    expect(first).toContain(
      '#inc-1-card-payments-timing-out: 👀 Status investigating → monitoring by @alice: Failed over to Adyen',
    );
    expect(first).toContain(
      '#inc-1-card-payments-timing-out: Note from @alice: Stripe confirmed a regional outage',
    );
    expect(first).toContain('⚠️ INC-1 is monitoring; only a resolved incident can be closed.');
    expect(first).toContain('#inc-1-card-payments-timing-out: ✅ Resolved by @alice: Stripe recovered');
    expect(first).not.toContain('> list'); // :quit stopped reading
    const draft = path.join(dir, 'postmortems', 'INC-1-card-payments-timing-out.md');
    expect(fs.readFileSync(draft, 'utf8')).toContain('# INC-1: Card payments timing out');

    clock.advance('1h');
    const second = await session(dir, ['/incident list', 'stats'], clock);
    expect(second).toContain('Open incidents (0)');
    expect(second).toContain('1 declared since');
    expect(second).toContain('1 resolved, 0 still open');
  });

  it('prints errors and keeps going', async () => {
    const output = await session(tempDir(), [
      'frobnicate',
      'declare service:nope Broken',
      'note hello',
      ':as @bob',
      ':who',
      'declare Real one',
    ]);
    expect(output).toContain('"frobnicate" is not an /incident command');
    expect(output).toContain('There is no service "nope"');
    expect(output).toContain('This channel is not an incident channel');
    expect(output).toContain('You are @bob in #general');
    expect(output).toContain('Declared INC-1');
  });

  it('prints no terminal control sequences or bidi overrides from what people typed', async () => {
    const output = await session(tempDir(), [
      'declare Evil \x1b]0;owned\x07 title \x1b[2J\u202egnp.exe\u2066 end',
      ':in #inc-1-evil-0-owned-title-2j-gnp-exe-end',
      'note bell\x07 and \x9b31m C1',
    ]);
    expect(output).toContain('Declared INC-1');
    expect(output).toContain('Evil');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
    expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('meets INCIDENT_EDITORS and asks before a large correction, answered by typing confirm', async () => {
    const dir = tempDir();
    const output = await consoleSession(
      consoleEnv(dir, { DATABASE_URL: path.join(dir, 'db', 'firewatch.db'), INCIDENT_EDITORS: 'roles' }),
      [
        'declare sev2 Checkout down',
        ':in #inc-1-checkout-down',
        ':as @bob',
        'sev 1',
        ':as @alice',
        'set impact-start 2026-11-20T09:00Z',
        'set impact-start 2026-11-20T09:00Z confirm',
      ],
      new ManualClock('2026-11-26T14:00:00Z'),
    );
    expect(output).toContain('Only the commander of INC-1 may change its severity.');
    expect(output).toContain('Nothing is changed yet.');
    expect(output).toContain('[Apply the correction]');
    expect(output).toContain('/incident set INC-1 impact-start 2026-11-20T09:00:00.000Z confirm');
    expect(output).toContain('Impact start of INC-1 set to');
  });

  it('asks for a title where Slack would open the declare form', async () => {
    const output = await session(tempDir(), ['declare sev1']);
    expect(output).toContain('A declare needs a title here');
  });
});

describe('hand-offs, reminders and reports in the console', () => {
  it('works the same scenarios as Slack', async () => {
    const dir = tempDir();
    const clock = new ManualClock('2026-11-26T14:00:00Z');
    const first = await session(
      dir,
      [
        'declare sev2 service:payments Card payments timing out',
        ':in #inc-1-card-payments-timing-out',
        'action Add a PSP latency alert @carol due:2026-11-27',
        'handoff @bob Stripe is degraded; we failed over to Adyen. Next update due at 14:30.',
      ],
      clock,
    );
    expect(first).toContain('(to you) ✅ @bob now leads INC-1');
    expect(first).toContain('#inc-1-card-payments-timing-out: (invited @bob)');
    expect(first).toContain('**Hand-off: INC-1 Card payments timing out**');
    expect(first).toContain('@bob (direct message): 👋 You now lead INC-1');
    expect(first).toContain(
      '#inc-1-card-payments-timing-out: (card updated: INC-1 SEV2 investigating: Card payments timing out)',
    );

    // 31 minutes later, nobody has posted an update: the next command finds the nudge delivered.
    clock.advance('31m');
    const second = await session(
      dir,
      [':in #inc-1-card-payments-timing-out', 'update Adyen holding at 98% success'],
      clock,
    );
    expect(second).toContain('⏰ @bob: no update on INC-1 for 31m.');
    expect(second).toContain('📣 Update from @alice: Adyen holding at 98% success');

    clock.advance('2d');
    const third = await session(
      dir,
      ['resolve INC-1 Stripe recovered', 'shift 3d', 'stats 7d', 'actions INC-1'],
      clock,
    );
    expect(third).toContain('🔁 Shift report: last 3d');
    expect(third).toContain('INC-1 ⬜ A1 Add a PSP latency alert — @carol, due 2026-11-27 (overdue)');
    expect(third).toContain('Open now: 0 incidents · overdue follow-ups: 1');
  });
});

describe('error budgets in the console', () => {
  it('says what an incident cost its SLOs, asks for a P0 follow-up past 20 %, and shows the budget', async () => {
    const dir = tempDir();
    const clock = new ManualClock('2026-11-26T14:00:00Z');
    const output = await session(
      dir,
      [
        '/incident declare sev2 service:payments Checkout failing',
        ':in #inc-1-checkout-failing',
        'set impact-start 2026-11-26T13:15Z',
        'impact 30%',
        'status monitoring Rolled back',
        'resolve Recovered',
        'slo payments',
        'action p0 Add a canary stage to the payments deploy @alice',
        'actions',
      ],
      clock,
    );
    // 30 % of traffic for the 45 minutes from 13:15 to 14:00 is 13.5 of 40.32 budget minutes.
    expect(output).toContain(
      'checkout-availability (99.9 % over 28 days, 40.3 min of budget): 33.5 % of the budget spent (13.5 min); 26.8 min left in the window',
    );
    expect(output).toContain(
      "This incident spent more than 20 % of checkout-availability's budget: a postmortem is required, with at least one P0 follow-up to address the root cause.",
    );
    expect(output).toContain(
      '#inc-1-checkout-failing: 🔥 @alice checkout-availability lost 33.5 % of its budget (more than 20 %): a postmortem is required',
    );
    expect(output).toMatch(
      /payments +checkout-availability +99\.9 % +28d rolling +40\.3 min +13\.5 min \(33\.5 %\) +26\.8 min +🟢 healthy/,
    );
    expect(output).toContain('• checkout-availability: INC-1 33.5 %');
    expect(output).toContain('⬜ A1 P0 Add a canary stage to the payments deploy — @alice');
    const postmortem = fs.readFileSync(path.join(dir, 'postmortems', 'INC-1-checkout-failing.md'), 'utf8');
    expect(postmortem).toContain(
      '> **Postmortem required** by the error-budget policy: checkout-availability lost 33.5 %',
    );
    expect(postmortem).toContain(
      '| checkout-availability | 99.9 % over 28 days | 40.3 min | 13.5 min | 33.5 % | 26.8 min |',
    );
    // The draft's request is kept on the incident, so the commander is asked again until a P0 exists.
    const store = SqliteStore.open(path.join(dir, 'db', 'firewatch.db'));
    const stored = await store.load('INC-1');
    await store.close();
    expect(stored?.incident.p0RequestedAt).toBe('2026-11-26T14:00:00.000Z');
    expect(stored?.incident.reminders.p0DueAt).toBeUndefined();
  });
});

describe('DORA in the console', () => {
  it('records deployments with the CLI, suggests and links the cause, and dora matches a hand computation', async () => {
    const dir = tempDir();
    const env = consoleEnv(dir);
    const io = { stdout: { write: () => undefined }, stderr: { write: (text: string) => void text } };
    for (const [service, sha, at] of [
      ['payments', 'aaa1111', '2026-11-20T09:00:00Z'],
      ['payments', 'bbb2222', '2026-11-24T09:00:00Z'],
      ['database', 'ccc3333', '2026-11-25T10:00:00Z'],
      ['payments', 'abc1234', '2026-11-26T13:48:00Z'],
    ])
      expect(
        await runCli(
          [
            'deploy',
            'record',
            '--service',
            service!,
            '--sha',
            sha!,
            '--at',
            at!,
            '--commit',
            `${sha}@2026-11-19T09:00:00Z`,
          ],
          io,
          env,
        ),
      ).toBe(0);
    const clock = new ManualClock('2026-11-26T14:00:00Z');
    const declared = await consoleSession(
      env,
      [
        'declare sev2 service:payments Refunds failing',
        ':in #inc-1-refunds-failing',
        'cause deploy:abc1234 pool size change',
        'set impact-start 13:55',
      ],
      clock,
    );
    expect(declared).toContain(
      'payments was deployed 12m before impact: abc1234 — was it this? /incident cause deploy:abc1234',
    );
    expect(declared).toContain(
      'INC-1 is linked to deployment D-4 of payments (abc1234): it counts as a failed deployment.',
    );
    expect(declared).toContain(
      '#inc-1-refunds-failing: Linked to the change that caused it: deployment D-4 of payments (abc1234) by @alice: pool size change',
    );

    clock.advance('40m'); // 14:40
    await consoleSession(
      env,
      [
        ':in #inc-1-refunds-failing',
        'resolve Rolled back D-4',
        ':in #general',
        'declare sev3 service:payments Refund emails late',
        'cause INC-2 deploy:D-4',
      ],
      clock,
    );
    clock.advance('75m'); // 15:55
    const dora = await consoleSession(env, ['resolve INC-2 Queue drained', 'dora 7d'], clock);
    // By hand: 4 production deployments in the 7 days before 15:55 on 26 November; only D-4 caused
    // incidents (two of them, counted once): 1 of 4 = 25%, above the 15 % of 2023's medium cluster, so
    // low. Recovery, resolved − impact began:
    // INC-1 14:40 − 13:55 = 45m, INC-2 15:55 − 14:40 = 75m; the median of [45, 75] is 60m.
    expect(dora).toMatch(/Change failure rate +25% \(1 of 4 caused an incident\) +4 +low \(DORA 2023\)/);
    expect(dora).toMatch(/Failed deployment recovery time +median 1h +2 +high \(DORA 2023\)/);
  });
});
