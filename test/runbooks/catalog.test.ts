import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadCatalog } from '../../src/runbooks/catalog.js';
import { parseRunbook } from '../../src/runbooks/parse-runbook.js';
import { REPO } from '../support/harness.js';
import { tempDir } from '../support/temp.js';

function folder(files: Record<string, string>): string {
  const dir = tempDir('firewatch-runbooks-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const good = (service: string, extra = '') => `---
service: ${service}
aliases: [${service}-alias]
team: ${service}-team
${extra}---
# ${service} runbook
## First checks
1. Look at the graph.
## Escalation
Call someone.
`;

describe('the runbook catalog', () => {
  it('loads the shipped examples without a problem', () => {
    const { catalog, problems } = loadCatalog(path.join(REPO, 'runbooks'));
    expect(problems).toEqual([]);
    expect(catalog.services().map((service) => service.name)).toEqual([
      'api-gateway',
      'database',
      'payments',
    ]);
    const payments = catalog.find('Checkout')!;
    expect(payments.name).toBe('payments');
    expect(payments.pagerduty).toEqual({
      serviceId: 'PPAYMNT',
      escalationPolicyId: 'PPAYESC',
      routingKeyEnv: 'PD_ROUTING_PAYMENTS',
      autoDeclare: false,
    });
    expect(payments.dashboards[0]).toEqual({
      title: 'Payments overview',
      url: 'https://grafana.example.com/d/payments/overview',
    });
    expect(payments.runbook.title).toBe('Payments runbook');
    expect(payments.runbook.sections[0]!.heading).toBe('First checks');
    expect(payments.runbook.sections.map((section) => section.heading)).toEqual([
      'First checks',
      'Mitigation levers',
      'Verify recovery',
      'Escalation',
      'Links',
    ]);
  });

  it('keeps the shipped examples worth reading: first checks, mitigation, escalation', () => {
    for (const service of ['payments', 'api-gateway', 'database']) {
      const text = fs.readFileSync(path.join(REPO, 'runbooks', `${service}.md`), 'utf8');
      for (const heading of ['## First checks', '## Mitigation levers', '## Escalation'])
        expect(text, `${service} ${heading}`).toContain(heading);
    }
    expect(
      parseRunbook(
        '_template.md',
        fs.readFileSync(path.join(REPO, 'runbooks', '_template.md'), 'utf8'),
      ).problems.filter((problem) => problem.severity === 'error'),
    ).toEqual([]);
  });

  it('reports a file whose YAML does not parse, with its line, and still loads the others', () => {
    const dir = folder({
      'good.md': good('good'),
      'broken.md': '---\nservice: broken\naliases: [one, two\nteam: x\n---\n# Broken\n',
    });
    const { catalog, problems } = loadCatalog(dir);
    expect(catalog.services().map((service) => service.name)).toEqual(['good']);
    const broken = problems.find((problem) => problem.file === 'broken.md')!;
    expect(broken.severity).toBe('error');
    expect(broken.line).toBeGreaterThanOrEqual(3);
    expect(formatProblem(broken)).toMatch(/^broken\.md:\d+: error: YAML: /);
  });

  it('refuses two runbooks claiming the same name or alias, naming both files', () => {
    const dir = folder({
      'a.md': good('alpha'),
      'b.md': good('beta').replace('aliases: [beta-alias]', 'aliases: [alpha-alias]'),
    });
    const { catalog, problems } = loadCatalog(dir);
    expect(catalog.services().map((service) => service.name)).toEqual(['alpha']);
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'b.md',
        severity: 'error',
        message: expect.stringContaining('already claimed by a.md'),
      }),
    );
  });

  it('suggests the nearest name for a near miss, and nothing for nonsense', () => {
    const { catalog } = loadCatalog(path.join(REPO, 'runbooks'));
    expect(catalog.suggest('paymnts')).toBe('payments');
    expect(catalog.suggest('databse')).toBe('database');
    expect(catalog.suggest('gateway-api')).toBe('gateway');
    expect(catalog.suggest('api-gatway')).toBe('api-gateway');
    expect(catalog.suggest('kitchen-sink')).toBeUndefined();
  });

  it.each([
    ['no front matter', '# Just markdown\n', 'no front matter'],
    ['no service', '---\nteam: x\n---\n', '"service" must be a lowercase name'],
    ['a bad service name', '---\nservice: Pay Ments\n---\n', '"service" must be a lowercase name'],
    ['aliases that are not a list', '---\nservice: a\naliases: b\n---\n', '"aliases" must be a list'],
    [
      'a javascript: dashboard',
      '---\nservice: a\ndashboards: [ { title: x, url: "javascript:alert(1)" } ]\n---\n',
      'not http(s)',
    ],
    [
      'a bad routing key variable',
      '---\nservice: a\npagerduty: { routing_key_env: "lower-case" }\n---\n',
      'must name an environment variable',
    ],
    [
      'a routing key variable Firewatch does not read',
      '---\nservice: a\npagerduty: { routing_key_env: PAYMENTS_ROUTING_KEY }\n---\n',
      'pagerduty.routing_key_env "PAYMENTS_ROUTING_KEY" must start with PD_ROUTING_ (Firewatch reads routing keys from those variables only): rename the variable, e.g. PD_ROUTING_PAYMENTS_ROUTING_KEY',
    ],
    [
      'a non-boolean auto_declare',
      '---\nservice: a\npagerduty: { auto_declare: "yes" }\n---\n',
      'true or false',
    ],
  ])('refuses %s', (_name, text, message) => {
    const parsed = parseRunbook('x.md', text);
    expect(parsed.service).toBeUndefined();
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({ severity: 'error', message: expect.stringContaining(message) }),
    );
  });

  it('warns about unknown fields and a file named after another service, and loads them', () => {
    const dir = folder({ 'misnamed.md': good('named', 'colour: red\n') });
    const { catalog, problems } = loadCatalog(dir);
    expect(catalog.find('named')).toBeDefined();
    expect(problems.map((problem) => [problem.severity, problem.message])).toEqual([
      ['warning', expect.stringContaining('unknown field "colour"')],
      ['warning', expect.stringContaining('name it named.md')],
    ]);
  });

  it('skips templates and non-markdown files, and survives a missing folder', () => {
    expect(loadCatalog(folder({ '_template.md': good('tpl'), 'notes.txt': 'x' })).catalog.services()).toEqual(
      [],
    );
    const missing = loadCatalog(path.join(tempDir(), 'nope'));
    expect(missing.catalog.services()).toEqual([]);
    expect(missing.problems[0]).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('cannot read the runbooks folder'),
    });
  });
});
