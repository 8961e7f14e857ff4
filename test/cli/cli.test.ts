import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { REPO, run, testDeps } from '../support/harness.js';
import { smallHistory } from '../support/history.js';
import { tempDir } from '../support/temp.js';

async function cli(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { stdout: { write: (text) => (stdout += text) }, stderr: { write: (text) => (stderr += text) } },
    env,
  );
  return { code, stdout, stderr };
}

/** A database with a few incidents, made through the use cases. */
async function seeded(): Promise<{ env: Record<string, string>; db: string }> {
  const dir = tempDir();
  const db = path.join(dir, 'firewatch.db');
  await smallHistory(db);
  return {
    db,
    env: {
      DATABASE_URL: db,
      RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
      TEMPLATES_DIR: path.join(REPO, 'templates'),
      POSTMORTEMS_DIR: path.join(dir, 'pm'),
      TZ: 'UTC',
      USER: 'ops',
    },
  };
}

describe('firewatch runbooks check', () => {
  it('passes the shipped runbooks', async () => {
    const result = await cli(['runbooks', 'check'], { RUNBOOKS_DIR: path.join(REPO, 'runbooks') });
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('3 services') });
    // The runbooks' four SLOs and the OpenSLO example in ./slos.
    expect(result.stdout).toContain('; 5 SLOs; 0 errors, 0 warnings');
  });

  it('fails on a broken runbook, naming file and line', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.md'), '---\nservice: bad\naliases: [a,\n---\n# x\n');
    const result = await cli(['runbooks', 'check', dir], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^bad\.md:\d+: error: YAML/m);
  });
});

describe('firewatch postmortem', () => {
  it('renders a draft to a file or to stdout', async () => {
    const { env } = await seeded();
    const out = path.join(tempDir(), 'drafts', 'inc-1.md');
    const written = await cli(['postmortem', 'INC-1', '--out', out], env);
    expect(written).toMatchObject({ code: 0, stdout: `Wrote ${out}\n` });
    expect(fs.readFileSync(out, 'utf8')).toContain('# INC-1: Card payments timing out');
    const printed = await cli(['postmortem', 'inc-2'], env);
    expect(printed.stdout).toContain('# INC-2: Primary down');
    expect(await cli(['postmortem', 'INC-9'], env)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('There is no incident INC-9'),
    });
    expect(await cli(['postmortem'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('needs one incident id'),
    });
  });
});

describe('firewatch report', () => {
  it('prints a table by default', async () => {
    const { env } = await seeded();
    const result = await cli(['report', '--since', '30d'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/TTR\s+2\s+52m\s+1h 1m\s+1h 4m/);
    expect(result.stderr).toContain('--include-private');
  });

  it('gives JSON with the numbers in milliseconds, and counts private incidents only when asked', async () => {
    const { env } = await seeded();
    const report = JSON.parse((await cli(['report', '--since', '30d', '--format', 'json'], env)).stdout);
    expect(report.report.incidents).toBe(2);
    // p90 of 40 and 64 minutes: rank 0.9 between them → 40 + 0.9 × 24 = 61.6 minutes.
    expect(report.report.durations.ttr).toEqual({
      n: 2,
      median: 52 * 60_000,
      p90: 3_696_000,
      max: 64 * 60_000,
    });
    expect(report.report.dora).toEqual({ band: 'elite', medianTtr: 52 * 60_000, n: 2 });
    expect(report.overdue).toHaveLength(1);
    const all = JSON.parse((await cli(['report', '--format=json', '--include-private'], env)).stdout);
    expect(all.report.incidents).toBe(3);
  });

  it('gives CSV, one row per group and measure, in minutes', async () => {
    const { env } = await seeded();
    const csv = (await cli(['report', '--format', 'csv', '--service', 'payments'], env)).stdout
      .trim()
      .split('\n');
    expect(csv[0]).toBe('group,key,measure,incidents,n,median_minutes,p90_minutes,max_minutes');
    expect(csv).toContain('all,,ttr,1,1,40.0,40.0,40.0');
    expect(csv).toContain('severity,SEV2,ttr,1,1,40.0,40.0,40.0');
    expect(csv).toContain('service,payments,tta,1,0,,,');
  });

  it('refuses bad options with the usage', async () => {
    const { env } = await seeded();
    expect(await cli(['report', '--format', 'xml'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format is table, json or csv'),
    });
    expect(await cli(['report', '--since', 'forever'], env)).toMatchObject({ code: 2 });
    expect(await cli(['report', '--service', 'nope'], env)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('There is no service "nope"'),
    });
  });
});

describe('firewatch backup and restore', () => {
  it('backs up online and restores exactly what was backed up', async () => {
    const { env, db } = await seeded();
    const backupFile = path.join(tempDir(), 'backups', 'firewatch.backup.db');
    // The bot keeps running (a connection is open) while the backup is taken.
    const live = SqliteStore.open(db);
    expect(await cli(['backup', backupFile], env)).toMatchObject({ code: 0 });
    const deps = testDeps({ store: live });
    await run(deps, 'declare sev4 After the backup');
    await live.close();
    const restored = await cli(['restore', backupFile], env);
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringContaining('(3 incidents)') });
    const store = SqliteStore.open(db);
    expect(await store.nextIncidentNumber()).toBe(4);
    expect((await store.timeline('INC-1')).map((event) => event.kind)).toEqual([
      'declared',
      'resolved',
      'action_added',
    ]);
    await store.close();
  });

  it('refuses to restore something that is not a Firewatch database', async () => {
    const { env } = await seeded();
    const junk = path.join(tempDir(), 'junk.db');
    fs.writeFileSync(junk, 'not a database at all '.repeat(200));
    expect(await cli(['restore', junk], env)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is not a usable Firewatch backup'),
    });
  });
});

describe('firewatch slo', () => {
  it('prints each SLO’s budget in the documented JSON shape, as a table and as CSV', async () => {
    // The CLI reads the real clock, so the incident happens two days before it.
    const dir = tempDir();
    const env = {
      DATABASE_URL: path.join(dir, 'firewatch.db'),
      RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
      TZ: 'UTC',
    };
    const deps = testDeps({ store: SqliteStore.open(env.DATABASE_URL) });
    deps.clock.set(new Date(Date.now() - 2 * 86_400_000));
    await run(deps, 'declare sev2 service:payments Card payments timing out');
    await run(deps, 'impact INC-1 25%');
    deps.clock.advance('40m');
    await run(deps, 'resolve INC-1 Failed over');
    await deps.store.close();
    const json = await cli(['slo', '--service', 'checkout', '--format', 'json'], env);
    expect(json.code).toBe(0);
    const budgets = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    const shape =
      'service slo target windowDays budgetMinutes spentMinutes spentShare incidents status deployedDuringFreeze';
    expect(budgets.map((budget) => Object.keys(budget).join(' '))).toEqual([shape, shape]);
    expect(budgets[0]).toMatchObject({
      service: 'payments',
      slo: 'checkout-availability',
      target: 0.999,
      windowDays: 28,
      spentMinutes: 10,
      incidents: [{ id: 'INC-1', spentMinutes: 10 }],
      status: 'healthy',
    });
    expect(budgets[0]!.budgetMinutes).toBeCloseTo(40.32, 10);
    expect(budgets[0]!.spentShare).toBeCloseTo(10 / 40.32, 10);
    const table = await cli(['slo'], env);
    expect(table.stdout).toMatch(
      /payments +checkout-availability +99\.9 % +28d rolling +40\.3 min +10 min \(24\.8 %\)/,
    );
    expect(table.stdout).toMatch(/database +primary-writes +99\.95 % +1M calendar/);
    const csv = await cli(['slo', '--format', 'csv', '--service', 'payments'], env);
    expect(csv.stdout.split('\n')[1]).toBe(
      'payments,checkout-availability,0.999,28,40.32,10.00,0.2480,healthy,INC-1',
    );
    expect((await cli(['slo', '--format', 'xml'], env)).code).toBe(2);
    expect((await cli(['slo', '--service', 'paymnets'], env)).stderr).toContain('Did you mean "payments"?');
  });
});

describe('firewatch deploy record and dora', () => {
  it('records a deployment with its changes, once, and refuses a bad one naming the option', async () => {
    const { env } = await seeded();
    const record = [
      'deploy',
      'record',
      '--service',
      'checkout',
      '--sha',
      'abc123',
      '--at',
      '2026-11-20T09:00:00Z',
      '--commit',
      'abc123@2026-11-20T08:00:00Z',
      '--commit=fed987@2026-11-20T07:00:00Z',
    ];
    expect(await cli(record, env)).toMatchObject({
      code: 0,
      stdout: 'Recorded D-1: payments abc123 to production at 2026-11-20T09:00:00.000Z.\n',
    });
    expect(await cli(record, env)).toMatchObject({
      code: 0,
      stdout: 'Already recorded as D-1: nothing changed.\n',
    });
    expect(
      await cli(['deploy', 'record', '--service', 'payments', '--sha', 'abc124', '--at', 'yesterday'], env),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--at is required: ISO 8601 with an offset'),
    });
    expect(
      await cli(['deploy', 'record', '--service', 'payments', '--sha', 'abc125', '--commit', 'abc125'], env),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--commit (commits[0].committed_at)'),
    });

    const json = JSON.parse((await cli(['dora', '--since', '10y', '--format', 'json'], env)).stdout);
    // One deployment, two changes of 60 and 120 minutes; nothing linked to it.
    expect(json).toMatchObject({
      service: null,
      deploymentFrequency: { deployments: 1 },
      leadTime: { n: 2, excluded: 0, medianMinutes: 90, p90Minutes: 114, band: 'elite' },
      changeFailureRate: { deployments: 1, failed: 0, rate: 0, band: 'elite' },
      recoveryTime: { n: 0, medianMinutes: null, band: null },
    });
    const csv = (await cli(['dora', '--format', 'csv', '--service', 'payments'], env)).stdout.split('\n');
    expect(csv[0]).toBe('key,n,value,median_minutes,p90_minutes,excluded,band');
    expect(csv).toContain('lead_time,2,,90,114,0,elite');
    expect((await cli(['dora', '--format', 'xml'], env)).code).toBe(2);
  });
});

describe('firewatch import', () => {
  const write = (name: string, text: string) => {
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('imports deployments from CSV once, and writes nothing when a row is bad, naming line and field', async () => {
    const { env } = await seeded();
    const bad = write(
      'bad.csv',
      'id,service,sha,finished_at\nx1,payments,zz,2026-11-20T09:00:00Z\nx2,payments,abcd,yesterday\nx3,payments,abce,2026-11-20T09:00:00Z\n',
    );
    const refused = await cli(['import', 'deployments', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${bad} line 2, field sha: is required: the deployed commit, 4 to 64 hex digits`,
    );
    expect(refused.stderr).toContain(
      `${bad} line 3, field finished_at: is required: ISO 8601 with an offset`,
    );
    expect(refused.stderr).toContain('2 of 3 rows are not valid: nothing was imported.');
    // The good third row was not written either.
    expect(JSON.parse((await cli(['dora', '--since', '10y', '--format', 'json'], env)).stdout)).toMatchObject(
      {
        deploymentFrequency: { deployments: 0 },
      },
    );

    const good = write(
      'deployments.csv',
      [
        'id,service,environment,sha,status,finished_at,creator,commits',
        'ci-1,payments,production,aaa111,success,2026-11-20T09:00:00Z,dana,"aaa111@2026-11-20T08:00:00Z bbb222@2026-11-20T07:00:00Z"',
        'ci-2,payments,,ccc333,,2026-11-21T09:00:00+01:00,eve,',
        'ci-3,payments,staging,ddd444,,2026-11-21T10:00:00Z,eve,',
      ].join('\r\n'),
    );
    expect(await cli(['import', 'deployments', good], env)).toMatchObject({
      code: 0,
      stdout: `Imported 3 deployments from ${good}.\n`,
    });
    expect(await cli(['import', 'deployments', good], env)).toMatchObject({
      code: 0,
      stdout: `Imported 0 deployments from ${good}; 3 were imported before: nothing changed.\n`,
    });
    // Staging does not count: two production deployments, lead times 60 and 120 minutes (ci-2's changes unknown).
    expect(JSON.parse((await cli(['dora', '--since', '10y', '--format', 'json'], env)).stdout)).toMatchObject(
      {
        deploymentFrequency: { deployments: 2 },
        leadTime: { n: 2, excluded: 1, medianMinutes: 90 },
      },
    );
  });

  it('imports deployments from JSON with the webhook body’s fields', async () => {
    const { env } = await seeded();
    const file = write(
      'deployments.json',
      JSON.stringify([
        {
          id: 'argo-7',
          service: 'payments',
          sha: 'abc777',
          finished_at: '2026-11-20T09:00:00Z',
          commits: [{ sha: 'abc777', committed_at: '2026-11-20T08:30:00Z', author: 'dana' }],
        },
        { service: 'payments', sha: 'abc778', finished_at: 'soon' },
      ]),
    );
    expect(await cli(['import', 'deployments', file], env)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`${file} item 2, field finished_at: is required`),
    });
    expect(
      await cli(['import', 'deployments', write('x.json', '{"service":"payments"}')], env),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('must be a JSON array of objects'),
    });
    expect(await cli(['import', 'deployments', write('x.txt', '')], env)).toMatchObject({ code: 2 });
  });

  it('imports past incidents, checked row by row, once, counted in the reports unless --live-only', async () => {
    const { env } = await seeded();
    await cli(
      [
        'import',
        'deployments',
        write('d.csv', 'id,service,sha,finished_at\nci-1,payments,aaa111,2026-11-20T09:10:00Z\n'),
      ],
      env,
    );
    const bad = write(
      'bad.csv',
      [
        'external_id,title,impact_started_at,resolved_at,service,caused_by_sha',
        'a,,2026-11-20T09:30:00Z,2026-11-20T10:41:00Z,,',
        'b,Backwards,2026-11-20T11:30:00Z,2026-11-20T10:41:00Z,,',
        'c,Zone,2026-11-20T09:30[Mars/Base],2026-11-20T10:41:00Z,,',
        'd,Service,2026-11-20T09:30:00Z,2026-11-20T10:41:00Z,paymnts,',
        'e,Sha,2026-11-20T09:30:00Z,2026-11-20T10:41:00Z,,ffff',
        'f,Fine,2026-11-20T09:30:00Z,2026-11-20T10:41:00Z,,',
        'f,Again,2026-11-20T09:30:00Z,2026-11-20T10:41:00Z,,',
      ].join('\n'),
    );
    const refused = await cli(['import', 'incidents', bad], env);
    expect(refused.code).toBe(1);
    for (const expected of [
      'line 2, field title: is required',
      'line 3, field resolved_at: resolved_at (2026-11-20T10:41:00.000Z) comes before impact_started_at (2026-11-20T11:30:00.000Z)',
      'line 4, field impact_started_at: "Mars/Base" is not a time zone I know.',
      'line 5, field service: no runbook names "paymnts" (did you mean "payments"?)',
      'line 6, field caused_by_sha: no deployment has the sha "ffff": import deployments first',
      'line 8, field external_id: repeats the incident of line 7',
      '6 of 7 rows are not valid: nothing was imported.',
    ])
      expect(refused.stderr).toContain(expected);

    const before = JSON.parse((await cli(['report', '--since', '10y', '--format', 'json'], env)).stdout);
    const good = write(
      'incidents.csv',
      [
        'external_id,title,severity,service,impact_started_at,detected_at,declared_at,acknowledged_at,mitigated_at,resolved_at,commander,summary,caused_by_sha',
        'PD-1,"Checkout errors, EU",sev2,payments,2026-11-20T09:30:00Z,,,,2026-11-20T10:00:00Z,2026-11-20T10:41:00Z,@dana,Rolled back,aaa111',
        'PD-2,Slow search,3,,2017-02-28T09:37[America/Los_Angeles],,,,,2017-02-28T11:00-08:00,,,',
      ].join('\n'),
    );
    expect(await cli(['import', 'incidents', good], env)).toMatchObject({
      code: 0,
      stdout: `Imported 2 incidents from ${good}.\n`,
    });
    expect(await cli(['import', 'incidents', good], env)).toMatchObject({
      stdout: `Imported 0 incidents from ${good}; 2 were imported before: nothing changed.\n`,
    });
    const all = JSON.parse(
      (await cli(['report', '--since', '10y', '--format', 'json', '--include-private'], env)).stdout,
    );
    // The first imported incident is numbered after every incident before it, private ones too.
    const postmortem = (await cli(['postmortem', `INC-${all.report.incidents - 1}`], env)).stdout;
    expect(postmortem).toContain('📼 **Recorded after the fact**: imported at');
    expect(postmortem).toContain('(was PD-1)');
    expect(postmortem).toContain('deployment D-1 of payments (`aaa111`)');

    const counted = JSON.parse((await cli(['report', '--since', '10y', '--format', 'json'], env)).stdout);
    expect(counted.report.incidents).toBe(before.report.incidents + 2);
    expect(counted.report.recordedAfterTheFact).toBe(2);
    // 71 minutes from impact to resolution, 1h 23m for the search one; both as recorded.
    const live = JSON.parse(
      (await cli(['report', '--since', '10y', '--format', 'json', '--live-only'], env)).stdout,
    );
    expect(live.report).toMatchObject({
      incidents: before.report.incidents,
      recordedAfterTheFact: 0,
      recordedLeftOut: 2,
      filters: { liveOnly: true },
    });
    const table = (await cli(['report', '--since', '10y'], env)).stdout;
    expect(table).toContain(
      '2 of these incidents were recorded after the fact; add live-only to leave them out.',
    );

    const dora = JSON.parse((await cli(['dora', '--since', '10y', '--format', 'json'], env)).stdout);
    expect(dora).toMatchObject({
      changeFailureRate: { deployments: 1, failed: 1, rate: 1 },
      recoveryTime: { n: 1, medianMinutes: 71 },
      recordedAfterTheFact: 1,
    });
    const doraLive = JSON.parse(
      (await cli(['dora', '--since', '10y', '--format', 'json', '--live-only'], env)).stdout,
    );
    expect(doraLive).toMatchObject({
      changeFailureRate: { deployments: 1, failed: 0, rate: 0 },
      recoveryTime: { n: 0 },
      recordedAfterTheFact: 0,
    });
    expect((await cli(['dora', '--since', '10y', '--format', 'csv'], env)).stdout).toContain(
      'recorded_after_the_fact,1,,,,,',
    );
  });
});
