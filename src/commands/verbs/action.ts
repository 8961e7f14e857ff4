import { type IncidentId, PRIORITIES, type Priority, type UserId } from '../../domain/incident.js';
import { addFollowUp } from '../../usecases/follow-ups.js';
import { type Cursor, clip, MAX_TEXT, parseUser } from '../cursor.js';
import { parseDate } from '../time.js';
import { replying, type Target, type VerbSpec } from '../verb.js';

export type ActionCommand = {
  verb: 'action';
  incident?: IncidentId;
  text: string;
  owner?: UserId;
  due?: string;
  priority?: Priority;
};

/** `p0` (most urgent) … `p3`, as a word of its own anywhere in the text. */
function readPriority(word: string): Priority | undefined {
  const lower = word.toLowerCase();
  return (PRIORITIES as readonly string[]).includes(lower) ? (lower as Priority) : undefined;
}

export const action: VerbSpec<ActionCommand> = {
  name: 'action',
  aliases: ['todo', 'followup'],
  usage: '/incident action TEXT… [@owner] [due:YYYY-MM-DD] [p0|p1|p2|p3]',
  help: 'record a follow-up action',
  group: 'Follow up',
  targetsIncident: true,
  parse(cursor: Cursor, target: Target) {
    let priority: Priority | undefined;
    const words = cursor.remaining().filter((word) => {
      const read = priority === undefined ? readPriority(word) : undefined;
      if (read) priority = read;
      return !read;
    });
    let owner: UserId | undefined;
    let due: string | undefined;
    // Owner and due date are read from the end, so a mention inside the text stays in the text.
    while (words.length > 0) {
      const last = words[words.length - 1]!;
      const dueMatch = /^due:(.*)$/i.exec(last);
      if (dueMatch && due === undefined) {
        due = parseDate(dueMatch[1] ?? '');
        if (!due) cursor.usage(`"${clip(last)}" is not a date; write due:YYYY-MM-DD.`);
        words.pop();
        continue;
      }
      const user = owner === undefined ? parseUser(last, cursor.options) : undefined;
      if (user) {
        owner = user;
        words.pop();
        continue;
      }
      break;
    }
    const text = words.join(' ');
    if (!text) cursor.usage('Say what needs doing.');
    if (text.length > MAX_TEXT)
      cursor.usage(`That text is ${text.length} characters; the limit is ${MAX_TEXT}.`);
    return {
      verb: 'action',
      ...target,
      text,
      ...(owner ? { owner } : {}),
      ...(due ? { due } : {}),
      ...(priority ? { priority } : {}),
    };
  },
  examples: [
    [
      'action Ask @dan about limits due:2026-12-01 @carol',
      { verb: 'action', text: 'Ask @dan about limits', owner: 'carol', due: '2026-12-01' },
    ],
    ['todo INC-5 Write the runbook', { verb: 'action', incident: 'INC-5', text: 'Write the runbook' }],
    [
      'action P0 Add a circuit breaker to the PSP client @carol',
      { verb: 'action', text: 'Add a circuit breaker to the PSP client', owner: 'carol', priority: 'p0' },
    ],
  ],
  run: (command, { deps, actor }) => replying(addFollowUp(deps, command, actor)),
};
