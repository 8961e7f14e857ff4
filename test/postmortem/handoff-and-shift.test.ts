import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/domain/events.js';
import type { Pager } from '../../src/domain/pager.js';
import { documentInput } from '../../src/effects/document-input.js';
import { TemplateDocuments } from '../../src/postmortem/documents.js';
import { actor, drainEffects, REPO, run, testDeps, textOf } from '../support/harness.js';
import { tempDir } from '../support/temp.js';
import { paymentsOutage } from './scenarios.js';

const GOLDEN = path.join(import.meta.dirname, 'golden');

function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

describe('the hand-off brief', () => {
  it('tells the next commander where things stand', async () => {
    const deps = await paymentsOutage({ untilHandoff: true });
    const timeline = await deps.store.timeline('INC-1');
    const handoff = timeline.findLast(
      (event): event is Extract<TimelineEvent, { kind: 'handed_off' }> => event.kind === 'handed_off',
    )!;
    const documents = new TemplateDocuments({
      templatesDir: path.join(REPO, 'templates'),
      postmortemsDir: tempDir(),
    });
    const input = await documentInput(
      deps,
      (await deps.store.load('INC-1'))!.incident,
      await deps.store.refs('INC-1'),
      timeline,
      (user) => `@${user}`,
    );
    const brief = documents.handoffBrief({ ...input, handoff });
    expect(brief.fallbackError).toBeUndefined();
    expectGolden('handoff-brief.md', brief.markdown);
  });

  it('is recorded, and leads to an invite, a brief in the channel and a direct message', async () => {
    const deps = await paymentsOutage({ untilHandoff: true });
    const incident = (await deps.store.load('INC-1'))!.incident;
    expect(incident.roles.commander).toBe('UDAVE');
    const all = await drainEffects(deps.store);
    expect(all).toContain('handoff.brief');
    expect(all).toContainEqual('channel.invite');
  });
});

describe('the shift report', () => {
  const pager: Pager = {
    trigger: async () => {},
    resolve: async () => {},
    onCall: async (policy) => ({
      now: [
        {
          name: `${policy} primary`,
          email: 'dave@example.com',
          escalationLevel: 1,
          end: '2026-11-27T08:00:00.000Z',
        },
      ],
      next: [{ name: `${policy} next`, escalationLevel: 1, start: '2026-11-27T08:00:00.000Z' }],
    }),
  };

  it('lists what was declared, resolved, still open, the follow-ups, and who is on call', async () => {
    const deps = testDeps({ pager });
    deps.clock.set('2026-11-25T10:00:00Z');
    await run(deps, 'declare sev3 service:database Old slow query'); // resolved before the window
    await run(deps, 'resolve INC-1');
    deps.clock.set('2026-11-25T20:00:00Z');
    await run(deps, 'declare sev2 service:api-gateway Elevated 502s'); // declared before, still open
    deps.clock.set('2026-11-26T04:00:00Z');
    await run(deps, 'declare sev1 service:payments Checkout down', actor('UALICE'));
    await run(deps, 'assign INC-3 commander <@UBOB>', actor('UALICE'));
    await run(deps, 'action INC-3 Add a PSP latency alert <@UCAROL> due:2026-12-01', actor('UBOB'));
    deps.clock.set('2026-11-26T05:00:00Z');
    await run(deps, 'resolve INC-3 Failed over', actor('UBOB'));
    deps.clock.set('2026-11-26T06:00:00Z');
    await run(deps, 'declare sev3 Search slow', actor('UERIN'));
    await run(deps, 'update INC-4 Reindex running, 40% done', actor('UERIN'));
    deps.clock.set('2026-11-26T07:30:00Z');
    const reply = await run(deps, 'shift 12h', actor('UALICE'));
    expect(reply.public).toBe(true);
    expectGolden('shift-report.txt', `${textOf(reply)}\n`);
  });
});
