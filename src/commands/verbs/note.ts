import type { IncidentId } from '../../domain/incident.js';
import { addTimelineNote } from '../../usecases/add-note.js';
import type { Cursor } from '../cursor.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type NoteCommand = { verb: 'note'; incident?: IncidentId; text: string };

export const note: VerbSpec<NoteCommand> = {
  name: 'note',
  usage: '/incident note TEXT…',
  help: 'add a note to the timeline',
  group: 'Run it',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    return { verb: 'note', ...target, text: cursor.text('Say what to note.') };
  },
  examples: [['note INC-7 multi\nline note', { verb: 'note', incident: 'INC-7', text: 'multi\nline note' }]],
  run: (command, { deps, actor }) => replying(addTimelineNote(deps, command, actor)),
};
