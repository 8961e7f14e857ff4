import type { IncidentId } from '../../domain/incident.js';
import { linkCause } from '../../usecases/link-cause.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type CauseCommand = {
  verb: 'cause';
  incident?: IncidentId;
  deployment: string;
  note?: string;
};

export const cause: VerbSpec<CauseCommand> = {
  name: 'cause',
  usage: '/incident cause deploy:SHA|ID [NOTE…]   /incident cause none',
  help: 'link the incident to the deployment that caused it (or remove the link)',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    const text = cursor.text(
      'Name the deployment: `deploy:abc123` or `deploy:D-12` (`/incident deploys` lists them), or `none`.',
    );
    const [first = '', ...rest] = text.split(/\s+/);
    if (first.toLowerCase() === 'none') {
      if (rest.length > 0) cursor.usage('`cause none` takes nothing after it.');
      return { verb: 'cause', ...target, deployment: 'none' };
    }
    const match = /^deploy:(\S+)$/i.exec(first);
    if (!match) cursor.usage(`"${first}" is not a deployment: write deploy:SHA or deploy:D-12, or none.`);
    const note = rest.join(' ').trim();
    return { verb: 'cause', ...target, deployment: match![1]!, ...(note ? { note } : {}) };
  },
  examples: [
    ['cause deploy:abc123', { verb: 'cause', deployment: 'abc123' }],
    [
      'cause INC-4 deploy:D-12 the pool size change',
      { verb: 'cause', incident: 'INC-4', deployment: 'D-12', note: 'the pool size change' },
    ],
    ['cause none', { verb: 'cause', deployment: 'none' }],
  ],
  run: (command, { deps, actor }) => replying(linkCause(deps, command, actor)),
};
