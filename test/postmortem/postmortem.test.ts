import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentInput } from '../../src/effects/document-input.js';
import { TemplateDocuments } from '../../src/postmortem/documents.js';
import { actor, REPO, run, type TestDeps, testDeps } from '../support/harness.js';
import { tempDir } from '../support/temp.js';
import { paymentsOutage, recordedWithCause, reopenedDatabase, sreBookExample } from './scenarios.js';

const GOLDEN = path.join(import.meta.dirname, 'golden');

/** Compares with a golden file; `UPDATE_GOLDEN=1 npx vitest run test/postmortem` rewrites them. */
function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

async function draft(deps: TestDeps, templatesDir = path.join(REPO, 'templates')) {
  const documents = new TemplateDocuments({ templatesDir, postmortemsDir: tempDir() });
  const stored = (await deps.store.load('INC-1'))!;
  const input = await documentInput(
    deps,
    stored.incident,
    await deps.store.refs('INC-1'),
    await deps.store.timeline('INC-1'),
  );
  return documents.postmortem(input);
}

describe('postmortem drafts', () => {
  it.each([
    ['payments-outage.md', paymentsOutage],
    ['reopened-database.md', reopenedDatabase],
    ['sre-book-example.md', sreBookExample],
    ['recorded-with-cause.md', recordedWithCause],
  ])('renders %s exactly', async (name, scenario) => {
    const deps = await scenario();
    const rendered = await draft(deps);
    expect(rendered.fallbackError).toBeUndefined();
    expectGolden(name, rendered.markdown);
  });

  it('keeps a display name with | inside its table cell, and a summary inside its section', async () => {
    const deps = testDeps();
    const lead = actor('ann|ops');
    await run(deps, 'declare sev2 Broken tables', lead);
    await run(deps, 'action INC-1 Fix the table', lead);
    await run(deps, 'resolve INC-1 # Not a heading\nsecond line\n===', lead);
    const { markdown } = await draft(deps);
    expect(markdown).toContain('| **Commander** | ann\\|ops |');
    expect(markdown).toContain('| ann\\|ops | Commander |');
    expect(markdown).not.toMatch(/^# Not a heading/m);
    expect(markdown).toContain('\\# Not a heading');
    expect(markdown).not.toMatch(/^===$/m);
  });

  it('the built-in template renders exactly what the shipped one does', async () => {
    const deps = await paymentsOutage();
    const builtin = await draft(deps, tempDir());
    expect(builtin.fallbackError).toBeUndefined();
    expect(builtin.markdown).toBe((await draft(deps)).markdown);
  });

  it('shows TTD 7 min, TTM 42 min and TTR 66 min for the SRE book example', async () => {
    const { markdown } = await draft(await sreBookExample());
    expect(markdown).toContain('| Time to detect (TTD) | 7m |');
    expect(markdown).toContain('| Time to mitigate (TTM) | 42m |');
    expect(markdown).toContain('| Time to resolve (TTR) | 1h 6m |');
    expect(markdown).toContain('- Impact began: 2026-11-26 14:54 UTC');
  });

  it('says a recorded incident was recorded after the fact, and tells the change that caused it blamelessly', async () => {
    const { markdown } = await draft(await recordedWithCause());
    expect(markdown).toContain(
      '📼 **Recorded after the fact**: recorded by Alice Martin at 2026-11-27 10:00 UTC.',
    );
    const trigger = markdown.slice(
      markdown.indexOf('## Trigger and lead-up'),
      markdown.indexOf('## Contributing'),
    );
    expect(trigger).toContain('deployment D-1 of payments (`9f3c2e1a7b6d`)');
    expect(trigger).toContain('25m before impact began');
    expect(trigger).toContain('| `51e0aa2c4d19` | 2026-11-25 16:02 UTC | @dana |');
    expect(trigger).toContain('| `9f3c2e1a7b6d` | 2026-11-25 18:40 UTC | @eve |');
    expect(trigger).toContain('Alice Martin linked it as the cause: "retry loop in the refund worker".');
    expect(trigger).toContain('not who made it');
    // A day and eleven minutes, exact to the minute.
    expect(markdown).toContain('| Time to resolve (TTR) | 24h 11m |');
  });

  it('lists wording to revisit, never rewriting it', async () => {
    const { markdown } = await draft(await paymentsOutage());
    const section = markdown.slice(markdown.indexOf('## Wording to revisit'));
    expect(section).toContain('"human error" in the resolution summary');
    expect(section).toContain('"should have" in hand-off notes');
    expect(section).toContain('"obviously" in a note');
    expect(markdown).toContain('The failover runbook step was obviously out of date');
  });

  it('falls back to the built-in template when a team’s template is broken, saying why', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'postmortem.md.hbs'),
      '# {{id}}\n{{#each timeline}}{{nosuchfield}}{{/each}}\n',
    );
    const rendered = await draft(await paymentsOutage(), dir);
    expect(rendered.fallbackError).toContain('postmortem.md.hbs');
    expect(rendered.fallbackError).toContain('nosuchfield');
    expect(rendered.markdown).toContain('## Action items');
    const syntax = tempDir();
    fs.writeFileSync(path.join(syntax, 'postmortem.md.hbs'), '# {{id}\n');
    expect((await draft(await paymentsOutage(), syntax)).fallbackError).toBeDefined();
  });

  it('uses a team’s own template and partials from TEMPLATES_DIR', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'postmortem.md.hbs'), '# {{id}} for {{commander}}\n{{> footer}}\n');
    fs.writeFileSync(path.join(dir, 'footer.hbs'), 'Reviewed in the {{severity}} review.');
    const rendered = await draft(await paymentsOutage(), dir);
    expect(rendered.p0Request).toMatch(/^checkout-availability lost 28.3 % of its budget/);
    expect({ markdown: rendered.markdown }).toEqual({
      markdown: '# INC-1 for Dave Sato\nReviewed in the SEV2 review.',
    });
  });
});

describe('the shipped templates', () => {
  it('are the built-in ones, so a team starts from what the fallback renders', async () => {
    const { HANDOFF_TEMPLATE, POSTMORTEM_TEMPLATE } = await import(
      '../../src/postmortem/builtin-templates.js'
    );
    expect(fs.readFileSync(path.join(REPO, 'templates', 'postmortem.md.hbs'), 'utf8')).toBe(
      POSTMORTEM_TEMPLATE,
    );
    expect(fs.readFileSync(path.join(REPO, 'templates', 'handoff.md.hbs'), 'utf8')).toBe(HANDOFF_TEMPLATE);
  });
});
