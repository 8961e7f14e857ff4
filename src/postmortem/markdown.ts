import type { UserId } from '../domain/incident.js';
import type { Rich } from '../messages/model.js';

export interface MarkdownStyle {
  /** How to write each person. */
  people: Record<UserId, string>;
  /** How to write an instant (the templates show UTC and the commander's zone separately). */
  date: (instant: string) => string;
}

function person(user: UserId, style: MarkdownStyle): string {
  return style.people[user] ?? `@${user}`;
}

/** Person-written text: Slack mentions inside it become the person's name. */
function said(text: string, style: MarkdownStyle): string {
  return text.replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => person(id, style));
}

/** The message model as one line of markdown. */
export function richToMarkdown(rich: Rich, style: MarkdownStyle): string {
  return rich
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('said' in part) return said(part.said, style);
      if ('user' in part) return person(part.user, style);
      if ('channel' in part) return `#${part.channel}`;
      if ('date' in part) return style.date(part.date);
      if ('link' in part) return `[${part.text ?? part.link}](${part.link})`;
      if ('bold' in part) return `**${part.bold}**`;
      return `\`${part.code}\``;
    })
    .join('');
}

/**
 * Free text (a resolve summary) kept inside the section it is put in: a line that would open a
 * heading (`# …`, or `===` / `---` under a line) or a thematic break is escaped, the rest kept.
 */
export function inSection(text: string): string {
  return text
    .replace(/^( {0,3})(#{1,6})(?=\s|$)/gm, '$1\\$2')
    .replace(/^( {0,3})([=\-*_])(?=[ \t]*\2)/gm, '$1\\$2');
}

/** Safe inside a markdown table cell: one line, no column breaks. */
export function cell(text: string): string {
  return text
    .replace(/\r?\n+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}
