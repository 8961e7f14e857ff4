import { describe, expect, it } from 'vitest';
import type { IncidentEditors } from '../../src/domain/editors.js';
import { recordDeparture, recordParticipant } from '../../src/usecases/add-participant.js';
import { recordRefs } from '../../src/usecases/record-outcome.js';
import { actor, incident, run, testDeps } from '../support/harness.js';

/** alice declares INC-1 (and leads it); its channel is C-INC-1. */
async function declared(editors: IncidentEditors) {
  const deps = testDeps({ settings: { incidentEditors: editors } });
  await run(deps, 'declare sev2 Checkout down');
  await recordRefs(deps, 'INC-1', { channel: 'C-INC-1' });
  return deps;
}

const fromGeneral = (user: string) => actor(user, 'C-GENERAL');

describe('INCIDENT_EDITORS=anyone (the default)', () => {
  it('lets anyone who can see an incident change it, from anywhere', async () => {
    const deps = testDeps();
    await run(deps, 'declare sev2 Checkout down');
    await run(deps, 'sev INC-1 1', fromGeneral('mallory'));
    await run(deps, 'resolve INC-1', fromGeneral('mallory'));
    expect((await incident(deps)).status).toBe('resolved');
  });
});

describe('INCIDENT_EDITORS=participants', () => {
  it('refuses people who take no part, with words that say how to take part', async () => {
    const deps = await declared('participants');
    for (const command of [
      'note INC-1 hello',
      'sev INC-1 1',
      'assign INC-1 commander @mallory',
      'close INC-1',
    ])
      await expect(run(deps, command, fromGeneral('mallory')), command).rejects.toMatchObject({
        code: 'NOT_ALLOWED',
        message: 'Only the people taking part in INC-1 may change it.',
        hint: expect.stringContaining('Join its channel'),
      });
    expect((await deps.store.timeline('INC-1')).map((event) => event.kind)).toEqual(['declared']);
    // Reading is still open to them.
    await expect(run(deps, 'list', fromGeneral('mallory'))).resolves.toBeDefined();
  });

  it('lets people in its channel change it; leaving the channel ends that', async () => {
    const deps = await declared('participants');
    await run(deps, 'note hello from the channel', actor('carol', 'C-INC-1'));
    await recordParticipant(deps, 'C-INC-1', 'dave');
    await run(deps, 'note INC-1 dave from elsewhere', fromGeneral('dave'));
    await recordDeparture(deps, 'C-INC-1', 'dave');
    await expect(run(deps, 'note INC-1 again', fromGeneral('dave'))).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect((await incident(deps)).participants).toEqual(expect.arrayContaining(['carol', 'dave']));
  });
});

describe('INCIDENT_EDITORS=roles', () => {
  it('keeps milestones, severity, resolve, reopen and close for the commander and the deputy', async () => {
    const deps = await declared('roles');
    const carol = actor('carol', 'C-INC-1');
    await run(deps, 'note carol takes part', carol);
    for (const command of ['sev 1', 'set impact-start 2020-01-01T00:00Z', 'resolve', 'status resolved'])
      await expect(run(deps, command, carol), command).rejects.toMatchObject({
        code: 'NOT_ALLOWED',
        message: expect.stringMatching(
          /^Only the commander of INC-1 may (change its severity|correct its milestones|resolve it)\.$/,
        ),
      });
    expect((await incident(deps)).severity).toBe('SEV2');

    await run(deps, 'assign deputy @carol', actor('alice', 'C-INC-1'));
    await run(deps, 'sev 1', carol);
    await run(deps, 'resolve', carol);
    await run(deps, 'assign deputy @dave', actor('alice', 'C-INC-1'));
    await expect(run(deps, 'reopen the errors are back', carol)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: 'Only the commander or the deputy of INC-1 may reopen it.',
    });
    await expect(run(deps, 'close', carol)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await run(deps, 'close', actor('alice', 'C-INC-1'));
    expect((await incident(deps)).status).toBe('closed');
  });

  it('lets a status change that does not resolve, and notes, come from any participant', async () => {
    const deps = await declared('roles');
    await run(deps, 'status monitoring Failed over', actor('carol', 'C-INC-1'));
    expect((await incident(deps)).status).toBe('monitoring');
  });
});
