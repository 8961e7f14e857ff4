import type { UserId } from '../domain/incident.js';
import type { Instant } from '../domain/time.js';
import type { ButtonAction } from './actions.js';

/**
 * One message model, two renderers: Slack (Block Kit + mrkdwn) and the console (plain text).
 * Builders describe what to say; renderers decide how it looks and enforce each surface's limits.
 */
export type Inline =
  /** Text to show as typed; renderers escape it. */
  | string
  /** Text a person wrote: escaped, but user mentions (`<@U123>`) in it stay mentions. */
  | { said: string }
  | { user: UserId }
  /** A channel: its Slack id, or its name in the console. */
  | { channel: string }
  | { date: Instant; format?: 'datetime' | 'time' | 'date' }
  | { link: string; text?: string }
  | { bold: string }
  | { code: string };

export type Rich = Inline[];

export interface Button {
  /** Identifies what the button does (one of ACTIONS); the Slack adapter routes on it. */
  action: ButtonAction;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: Rich }
  | { type: 'fields'; fields: Array<{ label: string; value: Rich }> }
  | { type: 'list'; items: Rich[]; empty?: string }
  | { type: 'context'; text: Rich }
  | { type: 'divider' }
  | { type: 'buttons'; buttons: Button[] }
  | { type: 'links'; links: Array<{ text: string; url: string }> }
  /** Aligned columns: a code block in Slack, spaced text in the console. Cells are plain text. */
  | { type: 'table'; columns: string[]; rows: string[][] }
  /** Markdown kept as is (a runbook section), shown as markdown in Slack and as text in the console. */
  | { type: 'markdown'; text: string };

export interface Message {
  /** The one-line summary used for notifications and as the text fallback. */
  summary: Rich;
  blocks: Block[];
}

/** What a command answers to the person who typed it. */
export interface Reply {
  message: Message;
  /** Ephemeral (only the person who asked sees it) unless said otherwise. */
  public?: boolean;
  /**
   * Beside a public reply, what only the person who asked may see (a public reply may hold only
   * what every reader of the channel may see): sent to them alone, after it.
   */
  aside?: Message;
}

export function text(...parts: Inline[]): Rich {
  return parts;
}
