import type { IncidentId } from '../../domain/incident.js';
import { parseSeverity, type Severity } from '../../domain/severity.js';
import { changeIncidentSeverity } from '../../usecases/change-severity.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type SevCommand = { verb: 'sev'; incident?: IncidentId; severity: Severity; reason?: string };

export const sev: VerbSpec<SevCommand> = {
  name: 'sev',
  aliases: ['severity'],
  usage: '/incident sev N [REASON…]',
  help: 'change the severity (1 is worst, 4 is least)',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const severity = cursor.word(
      parseSeverity,
      'Say which severity.',
      (word) => `"${word}" is not a severity; use 1 (worst) to 4.`,
    );
    const reason = cursor.rest();
    return { verb: 'sev', ...target, severity, ...(reason ? { reason } : {}) };
  },
  examples: [
    ['sev 1 customers see errors', { verb: 'sev', severity: 'SEV1', reason: 'customers see errors' }],
    ['severity INC-9 sev3', { verb: 'sev', incident: 'INC-9', severity: 'SEV3' }],
  ],
  run: (command, { deps, actor }) => replying(changeIncidentSeverity(deps, command, actor)),
};
