import { FirewatchError, fail } from '../domain/errors.js';
import { type IncidentId, parseIncidentId, type UserId } from '../domain/incident.js';
import { parseStatus, type Status } from '../domain/lifecycle.js';
import { SETTABLE_MILESTONES, type SettableMilestone } from '../domain/milestones.js';
import { parseRole, type Role } from '../domain/roles.js';
import { parseSeverity, type Severity } from '../domain/severity.js';
import { nearest } from '../domain/similarity.js';
import { DAY, HOUR } from '../domain/time.js';
import { parseDate, parseTimeSpec, parseWindow, type TimeSpec } from './time.js';
import { INCIDENT_VERBS, usageOf, VERBS, type Verb } from './usage.js';

/** An incident named in the command; absent means "the incident whose channel this is". */
type Target = { incident?: IncidentId };

export type Command =
  | { verb: 'help'; topic?: Verb }
  | { verb: 'declare'; severity?: Severity; service?: string; private: boolean; title?: string }
  | ({ verb: 'status'; status: Status; message?: string } & Target)
  | ({ verb: 'update'; message: string } & Target)
  | ({ verb: 'sev'; severity: Severity; reason?: string } & Target)
  | ({ verb: 'assign'; role: Role; user: UserId } & Target)
  | ({ verb: 'note'; text: string } & Target)
  | ({ verb: 'action'; text: string; owner?: UserId; due?: string } & Target)
  | ({ verb: 'actions' } & Target)
  | ({ verb: 'done'; actionId: string } & Target)
  | ({ verb: 'set'; milestone: SettableMilestone; time: TimeSpec } & Target)
  | ({ verb: 'runbook'; service?: string } & Target)
  | ({ verb: 'resolve'; summary?: string } & Target)
  | ({ verb: 'reopen'; reason: string } & Target)
  | ({ verb: 'close' } & Target)
  | ({ verb: 'postmortem' } & Target)
  | ({ verb: 'handoff'; user: UserId; notes?: string } & Target)
  | { verb: 'shift'; window: number }
  | { verb: 'oncall'; service?: string }
  | { verb: 'list' }
  | { verb: 'stats'; window: number; service?: string; severity?: Severity };

export type ParseResult = { ok: true; command: Command } | { ok: false; error: FirewatchError };

export interface ParseOptions {
  /**
   * In Slack, people are mentioned as `<@U123>`; a bare `@name` means the autocomplete was not
   * used and the person cannot be identified. The console accepts `@name`.
   */
  slackMentions?: boolean;
}

export const MAX_TITLE = 200;
export const MAX_TEXT = 4000;
export const DEFAULT_STATS_WINDOW = 90 * DAY;
export const DEFAULT_SHIFT_WINDOW = 12 * HOUR;

const VERB_ALIASES: Record<string, Verb> = {
  '?': 'help',
  '-h': 'help',
  '--help': 'help',
  new: 'declare',
  open: 'declare',
  severity: 'sev',
  role: 'assign',
  todo: 'action',
  followup: 'action',
  followups: 'actions',
  pm: 'postmortem',
  handover: 'handoff',
  ls: 'list',
  'on-call': 'oncall',
};

interface Token {
  text: string;
  start: number;
}

function tokenize(input: string): Token[] {
  return [...input.matchAll(/\S+/g)].map((match) => ({ text: match[0], start: match.index }));
}

class Cursor {
  private index = 0;
  constructor(
    private readonly input: string,
    private readonly tokens: Token[],
    readonly verb: Verb,
  ) {}

  peek(): string | undefined {
    return this.tokens[this.index]?.text;
  }
  next(): string | undefined {
    return this.tokens[this.index++]?.text;
  }
  done(): boolean {
    return this.index >= this.tokens.length;
  }
  /** Everything from the current token to the end, as typed (line breaks kept). */
  rest(): string | undefined {
    const token = this.tokens[this.index];
    this.index = this.tokens.length;
    if (!token) return undefined;
    const text = this.input.slice(token.start).trim();
    if (text.length > MAX_TEXT) {
      this.usage(`That text is ${text.length} characters; the limit is ${MAX_TEXT}.`);
    }
    return text;
  }
  remaining(): string[] {
    const texts = this.tokens.slice(this.index).map((token) => token.text);
    this.index = this.tokens.length;
    return texts;
  }
  end(): void {
    const extra = this.peek();
    if (extra !== undefined) this.usage(`Unexpected "${clip(extra)}".`);
  }
  usage(problem: string): never {
    fail('USAGE', problem, usageOf(this.verb));
  }
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const SLACK_USER = /^<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>$/;
const PLAIN_USER = /^@([a-z0-9][a-z0-9._-]{0,79})$/i;

export function parseUser(token: string, options: ParseOptions): UserId | undefined {
  const slack = SLACK_USER.exec(token);
  if (slack) return slack[1];
  if (options.slackMentions) return undefined;
  const plain = PLAIN_USER.exec(token);
  return plain ? plain[1]!.toLowerCase() : undefined;
}

function requireUser(cursor: Cursor, token: string | undefined, options: ParseOptions): UserId {
  if (token === undefined) cursor.usage('Say who: mention them with @.');
  const user = parseUser(token, options);
  if (user) return user;
  if (options.slackMentions && PLAIN_USER.test(token)) {
    cursor.usage(`"${clip(token)}" is not a Slack mention; pick the person from the @ autocomplete.`);
  }
  cursor.usage(`"${clip(token)}" is not a person; mention them with @.`);
}

function parseServiceToken(token: string): string | undefined | null {
  const match = /^service:(.*)$/i.exec(token);
  if (!match) return undefined;
  return match[1] ? match[1].toLowerCase() : null;
}

function parseActionId(token: string): string | undefined {
  const match = /^(?:#|a|action-?)?(\d{1,6})$/i.exec(token);
  return match ? `A${Number(match[1])}` : undefined;
}

function parseDeclare(cursor: Cursor): Command {
  let severity: Severity | undefined;
  let service: string | undefined;
  let isPrivate = false;
  const title: string[] = [];
  for (const token of cursor.remaining()) {
    const serviceName = parseServiceToken(token);
    if (serviceName === null) cursor.usage('"service:" needs a name, like service:payments.');
    if (serviceName !== undefined) {
      if (service) cursor.usage(`Two services given (${service} and ${serviceName}); pick one.`);
      service = serviceName;
      continue;
    }
    // Only the sevN / SEV-N forms count here, so that a bare number in a title stays in the title.
    if (/^sev-?\d+$/i.test(token)) {
      const parsed = parseSeverity(token);
      if (!parsed) cursor.usage(`"${clip(token)}" is not a severity; use sev1 (worst) to sev4.`);
      if (severity) cursor.usage(`Two severities given (${severity} and ${parsed}); pick one.`);
      severity = parsed;
      continue;
    }
    if (title.length === 0 && token.toLowerCase() === 'private') {
      isPrivate = true;
      continue;
    }
    title.push(token);
  }
  const text = title.join(' ');
  if (text.length > MAX_TITLE) {
    cursor.usage(
      `The title is ${text.length} characters; keep it under ${MAX_TITLE} and put details in a note.`,
    );
  }
  return {
    verb: 'declare',
    ...(severity ? { severity } : {}),
    ...(service ? { service } : {}),
    private: isPrivate,
    ...(text ? { title: text } : {}),
  };
}

function parseStatusCommand(cursor: Cursor, target: Target): Command {
  const word = cursor.next();
  if (!word) cursor.usage('Say which status.');
  const status = parseStatus(word);
  if (status === 'closed') fail('USAGE', 'Closing has its own command.', usageOf('close'));
  if (!status) cursor.usage(`"${clip(word)}" is not a status.`);
  const message = cursor.rest();
  return { verb: 'status', ...target, status, ...(message ? { message } : {}) };
}

function parseAction(cursor: Cursor, target: Target, options: ParseOptions): Command {
  const words = cursor.remaining();
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
    const user = owner === undefined ? parseUser(last, options) : undefined;
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
  return { verb: 'action', ...target, text, ...(owner ? { owner } : {}), ...(due ? { due } : {}) };
}

function parseSet(cursor: Cursor, target: Target): Command {
  const name = cursor.next()?.toLowerCase();
  const aliases: Record<string, SettableMilestone> = {
    impact: 'impact-start',
    'impact-started': 'impact-start',
    detection: 'detected',
    mitigation: 'mitigated',
  };
  const milestone = name
    ? ((name in SETTABLE_MILESTONES ? name : aliases[name]) as SettableMilestone | undefined)
    : undefined;
  if (!milestone)
    cursor.usage(name ? `"${clip(name)}" is not a milestone you can set.` : 'Say which milestone.');
  const words = cursor.remaining();
  if (words.length === 0) cursor.usage('Say when: HH:MM in your time zone, or ISO 8601.');
  if (words.length > 2) cursor.usage(`Unexpected "${clip(words.slice(2).join(' '))}".`);
  const time = parseTimeSpec(words.join(' '));
  if (!time) {
    fail(
      'INVALID_TIME',
      `"${clip(words.join(' '))}" is not a time I can read.`,
      'Use HH:MM (24-hour, your time zone) or ISO 8601 like 2026-11-26T14:30Z.',
    );
  }
  return { verb: 'set', ...target, milestone, time };
}

function parseStats(cursor: Cursor): Command {
  let window: number | undefined;
  let service: string | undefined;
  let severity: Severity | undefined;
  for (const token of cursor.remaining()) {
    const serviceName = parseServiceToken(token);
    if (serviceName === null) cursor.usage('"service:" needs a name, like service:payments.');
    if (serviceName !== undefined && !service) {
      service = serviceName;
      continue;
    }
    const parsedSeverity = /^sev/i.test(token) ? parseSeverity(token) : undefined;
    if (parsedSeverity && !severity) {
      severity = parsedSeverity;
      continue;
    }
    const parsedWindow = parseWindow(token);
    if (parsedWindow && window === undefined) {
      window = parsedWindow;
      continue;
    }
    cursor.usage(`"${clip(token)}" is not a window (like 90d), a service:NAME or a sevN.`);
  }
  return {
    verb: 'stats',
    window: window ?? DEFAULT_STATS_WINDOW,
    ...(service ? { service } : {}),
    ...(severity ? { severity } : {}),
  };
}

function parseVerb(cursor: Cursor, options: ParseOptions): Command {
  const verb = cursor.verb;
  const target: Target = {};
  if (INCIDENT_VERBS.has(verb) || verb === 'runbook') {
    const named = cursor.peek() ? parseIncidentId(cursor.peek()!) : undefined;
    if (named) {
      cursor.next();
      target.incident = named;
    }
  }
  switch (verb) {
    case 'help': {
      const word = cursor.next()?.toLowerCase();
      const topic = word
        ? (VERB_ALIASES[word] ?? (VERBS.includes(word as Verb) ? (word as Verb) : undefined))
        : undefined;
      return topic ? { verb, topic } : { verb };
    }
    case 'declare':
      return parseDeclare(cursor);
    case 'status':
      return parseStatusCommand(cursor, target);
    case 'update': {
      const message = cursor.rest();
      if (!message) cursor.usage('Say what is new.');
      return { verb, ...target, message };
    }
    case 'sev': {
      const word = cursor.next();
      if (!word) cursor.usage('Say which severity.');
      const severity = parseSeverity(word);
      if (!severity) cursor.usage(`"${clip(word)}" is not a severity; use 1 (worst) to 4.`);
      const reason = cursor.rest();
      return { verb, ...target, severity, ...(reason ? { reason } : {}) };
    }
    case 'assign': {
      const first = cursor.next();
      const second = cursor.next();
      cursor.end();
      if (!first || !second) cursor.usage('Say which role and who.');
      // Accept both "commander @ann" and "@ann commander".
      const [roleWord, userWord] = parseRole(first) ? [first, second] : [second, first];
      const role = parseRole(roleWord);
      if (!role) cursor.usage(`"${clip(roleWord)}" is not a role.`);
      return { verb, ...target, role, user: requireUser(cursor, userWord, options) };
    }
    case 'note': {
      const text = cursor.rest();
      if (!text) cursor.usage('Say what to note.');
      return { verb, ...target, text };
    }
    case 'action':
      return parseAction(cursor, target, options);
    case 'actions':
    case 'close':
    case 'postmortem':
      cursor.end();
      return { verb, ...target };
    case 'done': {
      const word = cursor.next();
      if (!word) cursor.usage('Say which action, like A2 (see /incident actions).');
      const actionId = parseActionId(word);
      if (!actionId) cursor.usage(`"${clip(word)}" is not an action id; they look like A2.`);
      cursor.end();
      return { verb, ...target, actionId };
    }
    case 'set':
      return parseSet(cursor, target);
    case 'runbook': {
      const service = cursor.next()?.toLowerCase();
      cursor.end();
      return { verb, ...target, ...(service ? { service } : {}) };
    }
    case 'resolve': {
      const summary = cursor.rest();
      return { verb, ...target, ...(summary ? { summary } : {}) };
    }
    case 'reopen': {
      const reason = cursor.rest();
      if (!reason) cursor.usage('Say why it is being reopened.');
      return { verb, ...target, reason };
    }
    case 'handoff': {
      const user = requireUser(cursor, cursor.next(), options);
      const notes = cursor.rest();
      return { verb, ...target, user, ...(notes ? { notes } : {}) };
    }
    case 'shift': {
      const word = cursor.next();
      cursor.end();
      const window = word ? parseWindow(word) : DEFAULT_SHIFT_WINDOW;
      if (!window) cursor.usage(`"${clip(word ?? '')}" is not a window; write it like 12h or 30m.`);
      return { verb, window };
    }
    case 'oncall': {
      const service = cursor.next()?.toLowerCase();
      cursor.end();
      return { verb, ...(service ? { service } : {}) };
    }
    case 'list':
      cursor.end();
      return { verb };
    case 'stats':
      return parseStats(cursor);
  }
}

/** `/incident …` text (with or without the leading `/incident`) → a typed command, or a coded error. Never throws. */
export function parseCommand(input: string, options: ParseOptions = {}): ParseResult {
  try {
    const text = input.replace(/^\s*\/incident(?=\s|$)/i, '').trim();
    const tokens = tokenize(text);
    const first = tokens.shift()?.text.toLowerCase();
    if (!first) return { ok: true, command: { verb: 'help' } };
    const verb = VERB_ALIASES[first] ?? (VERBS.includes(first as Verb) ? (first as Verb) : undefined);
    if (!verb) {
      const suggestion = nearest(first, VERBS) as Verb | undefined;
      fail(
        'UNKNOWN_COMMAND',
        `"${clip(first)}" is not an /incident command.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        suggestion ? usageOf(suggestion) : 'See them all with /incident help',
      );
    }
    return { ok: true, command: parseVerb(new Cursor(text, tokens, verb), options) };
  } catch (error) {
    if (error instanceof FirewatchError) return { ok: false, error };
    throw error;
  }
}
