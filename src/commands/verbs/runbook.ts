import type { IncidentId } from '../../domain/incident.js';
import { showRunbook } from '../../usecases/show-runbook.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type RunbookCommand = { verb: 'runbook'; incident?: IncidentId; service?: string };

export const runbook: VerbSpec<RunbookCommand> = {
  name: 'runbook',
  usage: '/incident runbook [SERVICE]',
  help: "show the service's runbook",
  group: 'Run it',
  // Its incident is optional: a service named instead is fine anywhere.
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const service = cursor.next()?.toLowerCase();
    cursor.end();
    return { verb: 'runbook', ...target, ...(service ? { service } : {}) };
  },
  examples: [
    ['runbook', { verb: 'runbook' }],
    ['runbook Payments', { verb: 'runbook', service: 'payments' }],
    ['runbook INC-5', { verb: 'runbook', incident: 'INC-5' }],
  ],
  run: (command, { deps, actor }) => replying(showRunbook(deps, command, actor)),
};
