import type { UserId } from '../domain/incident.js';
import type { Rich } from '../messages/model.js';
import { when } from './format.js';
import { type Html, html } from './html.js';

/** Only web links become links: a `javascript:` URL in incident text stays text. */
export function safeUrl(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? url : undefined;
}

function said(text: string, names: Record<UserId, string>): Html[] {
  // Slack mentions inside what a person wrote (`<@U123>`) become the person's name.
  return text.split(/(<@[UW][A-Z0-9]+(?:\|[^>]*)?>)/).map((part) => {
    const mention = /^<@([UW][A-Z0-9]+)/.exec(part);
    return mention
      ? html`<span class="person">${names[mention[1]!] ?? `@${mention[1]}`}</span>`
      : html`${part}`;
  });
}

/** The message model (one timeline line, …) as HTML, every piece of text escaped. */
export function richToHtml(rich: Rich, names: Record<UserId, string>, zone: string): Html {
  return html`${rich.map((part) => {
    if (typeof part === 'string') return html`${part}`;
    if ('said' in part) return said(part.said, names);
    if ('user' in part) return html`<span class="person">${names[part.user] ?? `@${part.user}`}</span>`;
    if ('channel' in part) return html`#${part.channel}`;
    if ('date' in part) return when(part.date, zone);
    if ('link' in part) {
      const url = safeUrl(part.link);
      return url
        ? html`<a href="${url}" rel="noreferrer">${part.text ?? part.link}</a>`
        : html`${part.text ?? part.link}`;
    }
    if ('bold' in part) return html`<strong>${part.bold}</strong>`;
    return html`<code>${part.code}</code>`;
  })}`;
}

/** The people a piece of rich text names, so their names can be looked up first. */
export function peopleIn(rich: Rich): UserId[] {
  return rich.flatMap((part) => {
    if (typeof part === 'string') return [];
    if ('user' in part) return [part.user];
    if ('said' in part) return [...part.said.matchAll(/<@([UW][A-Z0-9]+)/g)].map((match) => match[1]!);
    return [];
  });
}
