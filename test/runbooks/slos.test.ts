import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { loadCatalog } from '../../src/runbooks/catalog.js';
import { REPO } from '../support/harness.js';
import { tempDir } from '../support/temp.js';

async function check(runbooks: string, slos?: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['runbooks', 'check', runbooks],
    { stdout: { write: (text) => (stdout += text) }, stderr: { write: (text) => (stderr += text) } },
    // Not the repository's ./slos, whose example names a service these runbooks do not have.
    { SLO_DIR: slos ?? tempDir() },
  );
  return { code, stdout, stderr };
}

function runbookWith(slos: string): string {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'payments.md'),
    `---\nservice: payments\naliases: [checkout]\n${slos}---\n# Payments\n## First checks\nLook.\n`,
  );
  return dir;
}

const GOOD_SLO = `slos:
  - name: checkout-availability
    description: Card payments succeed
    budgetingMethod: Occurrences
    timeWindow: [{ duration: 28d, isRolling: true }]
    objectives: [{ target: 0.999 }]
`;

describe('SLOs in runbook front matter, with OpenSLO v1 field names', () => {
  it('gives the shipped example runbooks realistic SLOs', () => {
    const { catalog, problems } = loadCatalog(path.join(REPO, 'runbooks'));
    expect(problems).toEqual([]);
    const slos = catalog.services().flatMap((service) => service.slos ?? []);
    expect(slos.map((slo) => `${slo.service}/${slo.name} ${slo.target} ${slo.window.duration}`)).toEqual([
      'api-gateway/edge-availability 0.9995 30d',
      'database/primary-writes 0.9995 1M',
      'payments/checkout-availability 0.999 28d',
      'payments/checkout-latency 0.99 28d',
    ]);
  });

  it('reads a good one', async () => {
    const dir = runbookWith(GOOD_SLO);
    const { catalog } = loadCatalog(dir);
    expect(catalog.find('checkout')?.slos).toEqual([
      {
        name: 'checkout-availability',
        description: 'Card payments succeed',
        service: 'payments',
        target: 0.999,
        budgetingMethod: 'Occurrences',
        window: { duration: '28d', count: 28, unit: 'd', isRolling: true },
        file: 'payments.md',
      },
    ]);
    expect(await check(dir)).toMatchObject({ code: 0, stderr: '' });
  });

  it.each([
    ['target: 1', 'objectives[0].target 1 must be a number strictly between 0 and 1'],
    ['target: 0', 'objectives[0].target 0 must be a number strictly between 0 and 1'],
    ['target: 99.9', 'objectives[0].target 99.9 must be a number strictly between 0 and 1'],
    ['duration: 28D', 'timeWindow[0].duration "28D" is not an OpenSLO duration'],
    ['duration: 28', 'timeWindow[0].duration 28 is not an OpenSLO duration'],
    [
      'budgetingMethod: Events',
      'budgetingMethod "Events" must be one of Occurrences, Timeslices, RatioTimeslices',
    ],
    ['isRolling: yes please', 'timeWindow[0].isRolling must be true'],
  ])('refuses %s, naming file, SLO and field', async (change, message) => {
    const [field, value] = change.split(': ') as [string, string];
    const broken = GOOD_SLO.replace(new RegExp(`${field}: [^,}\\n]+`), `${field}: ${value}`);
    expect(broken).not.toBe(GOOD_SLO);
    const result = await check(runbookWith(broken));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^payments\.md:\d+: error: SLO "checkout-availability": /m);
    expect(result.stderr).toContain(message);
  });

  it('leaves a broken SLO out but keeps the runbook, so the service is still known during an incident', () => {
    const broken = GOOD_SLO.replace('duration: 28d', 'duration: 28D');
    const second = GOOD_SLO.replace('slos:\n', '').replace('checkout-availability', 'checkout-latency');
    const { catalog, problems } = loadCatalog(runbookWith(`${broken}${second}`));
    expect(problems.map((problem) => problem.severity)).toEqual(['error']);
    expect(catalog.find('payments')?.slos?.map((slo) => slo.name)).toEqual(['checkout-latency']);
  });

  it('refuses a name OpenSLO would not take, and the same name twice', async () => {
    const result = await check(
      runbookWith(
        `${GOOD_SLO}${GOOD_SLO.replace('slos:\n', '')}${GOOD_SLO.replace('slos:\n', '').replace('checkout-availability', 'Checkout Availability')}`,
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SLO "checkout-availability": name is used twice in this runbook');
    expect(result.stderr).toContain('SLO "Checkout Availability": name must be a lowercase name');
  });
});

describe('OpenSLO v1 documents in SLO_DIR', () => {
  const document = (
    name: string,
    service: string,
    duration = '1M',
    target = '0.995',
  ) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
  displayName: ${name}
spec:
  description: Payments API answers
  service: ${service}
  indicatorRef: payments-good-requests
  budgetingMethod: Occurrences
  timeWindow:
    - duration: ${duration}
      isRolling: true
  objectives:
    - displayName: Good
      target: ${target}
`;

  it('reads them as they are, several to a file, passing over other kinds, and gives them to the service named', async () => {
    const slos = tempDir();
    fs.writeFileSync(
      path.join(slos, 'payments.yaml'),
      `${document('payments-api', 'checkout')}---\napiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: payments\nspec:\n  description: Payments\n---\n${document('refunds', 'payments', '1w', '0.99')}`,
    );
    const runbooks = runbookWith(GOOD_SLO);
    const { catalog, problems } = loadCatalog(runbooks, { dir: slos, named: true });
    expect(problems).toEqual([]);
    expect(
      catalog.find('payments')?.slos?.map((slo) => [slo.name, slo.target, slo.window.duration, slo.file]),
    ).toEqual([
      ['checkout-availability', 0.999, '28d', 'payments.md'],
      ['payments-api', 0.995, '1M', 'payments.yaml'],
      ['refunds', 0.99, '1w', 'payments.yaml'],
    ]);
    expect(await check(runbooks, slos)).toMatchObject({ code: 0, stderr: '' });
  });

  it('names file, line, SLO and field for each problem', async () => {
    const slos = tempDir();
    fs.writeFileSync(
      path.join(slos, 'bad.yml'),
      `${document('payments-api', 'payments', '30D')}---\n${document('ghost', 'nowhere')}---\n${document('payments-api', 'payments', '4w', '1.5')}---\napiVersion: openslo/v2alpha\nkind: SLO\n`,
    );
    const result = await check(runbookWith(''), slos);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^bad\.yml:1: error: SLO "payments-api": spec\.timeWindow\[0\]\.duration "30D" is not an OpenSLO duration/,
      ),
      expect.stringMatching(
        /^bad\.yml:\d+: error: SLO "payments-api": spec\.objectives\[0\]\.target 1\.5 must be a number strictly between 0 and 1/,
      ),
      expect.stringMatching(/^bad\.yml:\d+: error: apiVersion "openslo\/v2alpha" is not read/),
      expect.stringMatching(/^bad\.yml: error: SLO "ghost": spec\.service "nowhere" is not a known service/),
    ]);
  });

  it('is optional: no SLO_DIR and no ./slos folder is no problem, a named missing folder a warning', async () => {
    expect(
      loadCatalog(runbookWith(''), { dir: path.join(tempDir(), 'slos'), named: false }).problems,
    ).toEqual([]);
    const named = loadCatalog(runbookWith(''), { dir: path.join(tempDir(), 'slos'), named: true }).problems;
    expect(named).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('cannot read the SLO folder (ENOENT)'),
      }),
    ]);
  });
});
