import { parseSeverity, type Severity } from '../../domain/severity.js';
import { declareIncident } from '../../usecases/declare-incident.js';
import { type Cursor, clip, serviceIn } from '../cursor.js';
import type { VerbSpec } from '../verb.js';

export const MAX_TITLE = 200;

/**
 * The ways people write "private" as a flag: `private`, `private:`, `--private`, `[private]`,
 * `(private)`. Declaring in public what was meant to be private cannot be undone (the announcement
 * has been read), so every form counts.
 */
const PRIVATE_FLAG = /^(?:-{0,2}private:?|\[private\]|\(private\))$/i;

/**
 * `service:NAME` and `sevN` (or `SEV-N`) where they stand among a title's words, one of each: true
 * when `token` was one of them, recorded in `found`. Only those forms count as a severity, so that
 * a bare number in a title stays in the title.
 */
export function takeServiceOrSeverity(
  cursor: Cursor,
  token: string,
  found: { service?: string; severity?: Severity },
): boolean {
  const serviceName = serviceIn(cursor, token);
  if (serviceName !== undefined) {
    if (found.service) cursor.usage(`Two services given (${found.service} and ${serviceName}); pick one.`);
    found.service = serviceName;
    return true;
  }
  if (!/^sev-?\d+$/i.test(token)) return false;
  const parsed = parseSeverity(token);
  if (!parsed) cursor.usage(`"${clip(token)}" is not a severity; use sev1 (worst) to sev4.`);
  if (found.severity) cursor.usage(`Two severities given (${found.severity} and ${parsed}); pick one.`);
  found.severity = parsed;
  return true;
}

export type DeclareCommand = {
  verb: 'declare';
  severity?: Severity;
  service?: string;
  private: boolean;
  title?: string;
};

export const declare: VerbSpec<DeclareCommand> = {
  name: 'declare',
  aliases: ['new', 'open'],
  usage: '/incident declare [sevN] [service:NAME] [private] TITLE…',
  help: 'open an incident (no title: open the declare form)',
  group: 'Start',
  parse(cursor: Cursor) {
    const found: { service?: string; severity?: Severity } = {};
    let isPrivate = false;
    const title: string[] = [];
    for (const token of cursor.remaining()) {
      if (takeServiceOrSeverity(cursor, token, found)) continue;
      if (title.length === 0 && !isPrivate && PRIVATE_FLAG.test(token)) {
        isPrivate = true;
        continue;
      }
      title.push(token);
    }
    // A flag after the title ("Leaked key private") counts too. One flag is taken, so that
    // "private Private API outage" keeps the second "Private" in its title.
    if (!isPrivate && title.length > 1 && PRIVATE_FLAG.test(title.at(-1) ?? '')) {
      isPrivate = true;
      title.pop();
    }
    const text = title.join(' ');
    if (text.length > MAX_TITLE) {
      cursor.usage(
        `The title is ${text.length} characters; keep it under ${MAX_TITLE} and put details in a note.`,
      );
    }
    const { severity, service } = found;
    return {
      verb: 'declare',
      ...(severity ? { severity } : {}),
      ...(service ? { service } : {}),
      private: isPrivate,
      ...(text ? { title: text } : {}),
    };
  },
  examples: [
    [
      'declare sev2 service:payments Card payments timing out',
      {
        verb: 'declare',
        severity: 'SEV2',
        service: 'payments',
        private: false,
        title: 'Card payments timing out',
      },
    ],
    ['declare Database 1 is down', { verb: 'declare', private: false, title: 'Database 1 is down' }],
    [
      'new private sev4 Leaked key',
      { verb: 'declare', severity: 'SEV4', private: true, title: 'Leaked key' },
    ],
    ['declare sev1', { verb: 'declare', severity: 'SEV1', private: false }],
    ['declare private: Leaked key', { verb: 'declare', private: true, title: 'Leaked key' }],
    ['declare --private Leaked key', { verb: 'declare', private: true, title: 'Leaked key' }],
    [
      'declare [private] sev2 Leaked key',
      { verb: 'declare', severity: 'SEV2', private: true, title: 'Leaked key' },
    ],
    ['declare (PRIVATE) Leaked key', { verb: 'declare', private: true, title: 'Leaked key' }],
    ['declare Leaked key private', { verb: 'declare', private: true, title: 'Leaked key' }],
    ['declare Leaked key (private)', { verb: 'declare', private: true, title: 'Leaked key' }],
    ['declare private Private API outage', { verb: 'declare', private: true, title: 'Private API outage' }],
    ['declare The private key leaked', { verb: 'declare', private: false, title: 'The private key leaked' }],
  ],
  async run(command, { deps, actor }) {
    if (!command.title) return { form: 'declare', defaults: command };
    const { reply } = await declareIncident(deps, { ...command, title: command.title }, actor);
    return { reply };
  },
};
