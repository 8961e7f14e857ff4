import { fail } from '../domain/errors.js';
import type { UserId } from '../domain/incident.js';

export interface ParseOptions {
  /**
   * In Slack, people are mentioned as `<@U123>`; a bare `@name` means the autocomplete was not
   * used and the person cannot be identified. The console accepts `@name`.
   */
  slackMentions?: boolean;
}

export const MAX_TEXT = 4000;

interface Token {
  text: string;
  start: number;
}

export function tokenize(input: string): Token[] {
  return [...input.matchAll(/\S+/g)].map((match) => ({ text: match[0], start: match.index }));
}

/** The words after the verb, read one at a time; a problem is a USAGE error with the verb's usage line. */
export class Cursor {
  private index = 0;
  constructor(
    private readonly input: string,
    private readonly tokens: Token[],
    /** The verb's usage line, shown with every problem. */
    private readonly usageLine: string,
    readonly options: ParseOptions = {},
    /** The verb a word names, if any (for `help TOPIC`). */
    readonly verbNamed: (word: string) => string | undefined = () => undefined,
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
  /** The rest, which must be there: `missing` says what to write when it is not. */
  text(missing: string): string {
    const text = this.rest();
    if (!text) this.usage(missing);
    return text;
  }
  /** The next word, which must be there (`missing`) and read as a `T` (`invalid` says why not). */
  word<T>(read: (word: string) => T | undefined, missing: string, invalid: (word: string) => string): T {
    const word = this.next();
    if (!word) this.usage(missing);
    const value = read(word);
    if (value === undefined) this.usage(invalid(clip(word)));
    return value;
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
    fail('USAGE', problem, usageOf(this.usageLine));
  }
}

export function usageOf(syntax: string): string {
  return `Usage: ${syntax}`;
}

export function clip(text: string, max = 40): string {
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

export function requireUser(cursor: Cursor, token: string | undefined): UserId {
  const { options } = cursor;
  if (token === undefined) cursor.usage('Say who: mention them with @.');
  const user = parseUser(token, options);
  if (user) return user;
  if (options.slackMentions && PLAIN_USER.test(token)) {
    cursor.usage(`"${clip(token)}" is not a Slack mention; pick the person from the @ autocomplete.`);
  }
  cursor.usage(`"${clip(token)}" is not a person; mention them with @.`);
}

/** `service:NAME` → the name (lower case); anything else → undefined; `service:` alone is refused. */
export function serviceIn(cursor: Cursor, token: string): string | undefined {
  const match = /^service:(.*)$/i.exec(token);
  if (!match) return undefined;
  if (!match[1]) cursor.usage('"service:" needs a name, like service:payments.');
  return match[1].toLowerCase();
}
