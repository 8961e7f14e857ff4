import type { IncidentId } from '../../domain/incident.js';
import { resolveIncident } from '../../usecases/resolve-incident.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type ResolveCommand = { verb: 'resolve'; incident?: IncidentId; summary?: string };

export const resolve: VerbSpec<ResolveCommand> = {
  name: 'resolve',
  usage: '/incident resolve [SUMMARY…]',
  help: 'resolve the incident and draft its postmortem',
  group: 'Finish',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const summary = cursor.rest();
    return { verb: 'resolve', ...target, ...(summary ? { summary } : {}) };
  },
  examples: [
    ['resolve INC-4', { verb: 'resolve', incident: 'INC-4' }],
    ['resolve Failed back to Stripe', { verb: 'resolve', summary: 'Failed back to Stripe' }],
  ],
  run: (command, { deps, actor }) => replying(resolveIncident(deps, command, actor)),
};
