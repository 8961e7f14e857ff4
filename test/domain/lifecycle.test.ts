import { describe, expect, it } from 'vitest';
import { changeStatus, close, declare, reopen, resolve } from '../../src/domain/decisions.js';
import { FirewatchError } from '../../src/domain/errors.js';
import { evolveAll } from '../../src/domain/evolve.js';
import type { Incident } from '../../src/domain/incident.js';
import { STATUSES, type Status, TRANSITIONS } from '../../src/domain/lifecycle.js';

const T0 = '2026-11-26T14:00:00.000Z';

function incidentIn(status: Status): Incident {
  const declared = evolveAll(
    undefined,
    declare({ number: 7, title: 'db down', severity: 'SEV2', private: false }).map((event) => ({
      ...event,
      at: T0,
      actor: 'ann',
    })),
  );
  return { ...declared, status };
}

/** The table in the README ("Lifecycle and milestones"), written out independently of the code's. */
const ALLOWED: Record<Status, Status[]> = {
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  resolved: ['investigating', 'closed'],
  closed: [],
};

/** How a person asks for each target status. */
function move(incident: Incident, to: Status) {
  if (to === 'closed') return close(incident);
  if (incident.status === 'resolved' && to === 'investigating') return reopen(incident, 'it came back');
  return changeStatus(incident, to, 'because');
}

describe('the status lifecycle', () => {
  it('matches the table in the README', () => {
    expect(TRANSITIONS).toEqual(ALLOWED);
  });

  for (const from of STATUSES) {
    for (const to of STATUSES) {
      if (from === to) {
        it(`${from} → ${to} is refused as already there`, () => {
          expect(() => move(incidentIn(from), to)).toThrow(
            expect.objectContaining({ code: 'ALREADY_IN_STATUS' }),
          );
        });
      } else if (ALLOWED[from].includes(to)) {
        it(`${from} → ${to} is allowed`, () => {
          const events = move(incidentIn(from), to);
          const after = evolveAll(
            incidentIn(from),
            events.map((event) => ({ ...event, at: T0, actor: 'bob' })),
          );
          expect(after.status).toBe(to);
        });
      } else {
        it(`${from} → ${to} is refused, naming what is allowed`, () => {
          const refusal =
            from === 'closed'
              ? { code: 'INCIDENT_CLOSED' }
              : {
                  code: 'INVALID_TRANSITION',
                  hint: expect.stringContaining(`From ${from} it can move to: ${ALLOWED[from].join(', ')}.`),
                };
          expect(() => move(incidentIn(from), to)).toThrow(FirewatchError);
          expect(() => move(incidentIn(from), to)).toThrow(expect.objectContaining(refusal));
        });
      }
    }
  }

  it('needs a reason to reopen through /incident status investigating', () => {
    expect(() => changeStatus(incidentIn('resolved'), 'investigating')).toThrow(
      expect.objectContaining({ code: 'REASON_REQUIRED' }),
    );
    expect(changeStatus(incidentIn('resolved'), 'investigating', 'errors are back')).toEqual([
      { kind: 'reopened', reason: 'errors are back' },
    ]);
  });

  it('resolving a resolved incident says it already is, and how to reopen', () => {
    expect(() => resolve(incidentIn('resolved'))).toThrow(
      expect.objectContaining({ code: 'ALREADY_IN_STATUS', hint: expect.stringContaining('reopen') }),
    );
  });

  it('a closed incident is final', () => {
    expect(() => reopen(incidentIn('closed'), 'why not')).toThrow(
      expect.objectContaining({ code: 'INCIDENT_CLOSED' }),
    );
  });
});
