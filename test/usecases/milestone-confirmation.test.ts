import { describe, expect, it } from 'vitest';
import type { Button } from '../../src/messages/model.js';
import { recordRefs } from '../../src/usecases/record-outcome.js';
import { actor, incident, run, testDeps, textOf } from '../support/harness.js';

const inChannel = actor('alice', 'C-INC-1');

/** INC-1, declared at 14:00 on 26 November 2026 (impact started then too), and resolved at 15:00. */
async function resolvedIncident() {
  const deps = testDeps();
  await run(deps, 'declare sev2 Checkout down');
  await recordRefs(deps, 'INC-1', { channel: 'C-INC-1' });
  deps.clock.advance('1h');
  await run(deps, 'resolve Rolled back', inChannel);
  return deps;
}

function buttonsOf(reply: Awaited<ReturnType<typeof run>>): Button[] {
  return reply.message.blocks.flatMap((block) => (block.type === 'buttons' ? block.buttons : []));
}

describe('a milestone correction that moves a duration by more than a day', () => {
  it('is asked about, with a button that carries it, and changes nothing until confirmed', async () => {
    const deps = await resolvedIncident();
    const asked = await run(deps, 'set impact-start 2020-01-01T00:00Z', inChannel);
    expect(textOf(asked)).toContain('makes its time to resolve');
    expect(textOf(asked)).toContain('Nothing is changed yet.');
    expect(textOf(asked)).toContain('/incident set INC-1 impact-start 2020-01-01T00:00:00.000Z confirm');
    const [button] = buttonsOf(asked);
    expect(button).toMatchObject({ action: 'confirm_milestone', label: 'Apply the correction' });
    expect(JSON.parse(button!.value)).toEqual({
      incident: 'INC-1',
      milestone: 'impact-start',
      at: '2020-01-01T00:00:00.000Z',
    });
    expect((await incident(deps)).milestones.impactStartedAt).toBe('2026-11-26T14:00:00.000Z');
    expect((await deps.store.timeline('INC-1')).map((event) => event.kind)).not.toContain('milestone_set');

    // Typed again with `confirm` (the console's way, and the button's value says the same):
    const applied = await run(deps, 'set impact-start 2020-01-01T00:00:00.000Z confirm', inChannel);
    expect(textOf(applied)).toContain('set to');
    expect((await incident(deps)).milestones.impactStartedAt).toBe('2020-01-01T00:00:00.000Z');
  });

  it('is applied at once when it moves no duration by more than a day', async () => {
    const deps = await resolvedIncident();
    await run(deps, 'set impact-start 2026-11-25T15:00Z', inChannel);
    expect((await incident(deps)).milestones.impactStartedAt).toBe('2026-11-25T15:00:00.000Z');
  });

  it('meets the refusals the correction itself would meet before any question', async () => {
    const deps = await resolvedIncident();
    await expect(run(deps, 'set mitigated 2020-01-01T00:00Z', inChannel)).rejects.toMatchObject({
      code: 'MILESTONE_ORDER',
    });
    const strict = testDeps({ settings: { incidentEditors: 'roles' } });
    await run(strict, 'declare sev2 Checkout down');
    await recordRefs(strict, 'INC-1', { channel: 'C-INC-1' });
    await expect(
      run(strict, 'set impact-start 2020-01-01T00:00Z', actor('carol', 'C-INC-1')),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });
});
