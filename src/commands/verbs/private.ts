import type { IncidentId } from '../../domain/incident.js';
import { changeVisibility } from '../../usecases/change-visibility.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type PrivateCommand = { verb: 'private'; incident?: IncidentId };
export type PublicCommand = { verb: 'public'; incident?: IncidentId };

/** `/incident private` and `/incident public`: one verb each, the same words around one flag. */
function visibilityVerb<C extends PrivateCommand | PublicCommand>(
  name: C['verb'],
  help: string,
): VerbSpec<C> {
  const command = (target: Target) => ({ verb: name, ...target }) as C;
  return {
    name,
    usage: `/incident ${name}`,
    help,
    group: 'Run it',
    targetsIncident: true,
    parse(cursor: Cursor, target: Target) {
      cursor.end();
      return command(target);
    },
    examples: [
      [name, command({})],
      [`${name} INC-4`, command({ incident: 'INC-4' })],
    ],
    run: (typed, { deps, actor }) =>
      replying(changeVisibility(deps, { ...typed, private: name === 'private' }, actor)),
  };
}

export const makePrivate = visibilityVerb<PrivateCommand>(
  'private',
  'only people in its channel see it (commander)',
);
export const makePublic = visibilityVerb<PublicCommand>(
  'public',
  'anyone may see it, and it is announced (commander)',
);
