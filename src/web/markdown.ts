import { Html, html } from './html.js';
import { safeUrl } from './rich.js';

/**
 * The postmortem draft's markdown as HTML: the subset its templates write (headings, paragraphs,
 * lists, tables, emphasis, code, links, rules). Text is escaped first and only these constructs
 * become markup, so a draft can never inject HTML; anything else shows as the text it is.
 */
export function markdownToHtml(markdown: string): Html {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: Html[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      // The page has its own h1 and h2; the draft's headings sit below them.
      const level = Math.min(6, heading[1]!.length + 2);
      out.push(html`${inlineHtml(`<h${level}>`, heading[2]!, `</h${level}>`)}`);
      i++;
      continue;
    }
    if (/^(-{3,}|\*{3,}|_{3,})\s*$/.test(line)) {
      out.push(html`<hr>`);
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.startsWith('```')) code.push(lines[i++]!);
      i++;
      out.push(html`<pre><code>${code.join('\n')}</code></pre>`);
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[][] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i]!)) rows.push(splitRow(lines[i++]!));
      const [head, ...body] = rows;
      const data = body.filter((row) => !row.every((cell) => /^:?-{2,}:?$/.test(cell)));
      out.push(
        html`<div class="scroll"><table><thead><tr>${(head ?? []).map((cell) => inlineHtml('<th scope="col">', cell, '</th>'))}</tr></thead><tbody>${data.map(
          (row) => html`<tr>${row.map((cell) => inlineHtml('<td>', cell, '</td>'))}</tr>`,
        )}</tbody></table></div>`,
      );
      continue;
    }
    const bullet = /^\s*(?:[-*+]|(\d+)[.)])\s+/;
    if (bullet.test(line)) {
      const ordered = Boolean(bullet.exec(line)![1]);
      const items: string[] = [];
      while (i < lines.length && bullet.test(lines[i]!)) items.push(lines[i++]!.replace(bullet, ''));
      const list = items.map((item) => inlineHtml('<li>', item, '</li>'));
      out.push(ordered ? html`<ol>${list}</ol>` : html`<ul>${list}</ul>`);
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() !== '' &&
      !/^(#{1,6}\s|```|\s*\||\s*(?:[-*+]|\d+[.)])\s)/.test(lines[i]!)
    )
      paragraph.push(lines[i++]!.replace(/^>\s?/, ''));
    if (paragraph.length === 0) paragraph.push(lines[i++]!);
    out.push(inlineHtml('<p>', paragraph.join(' '), '</p>'));
  }
  return html`${out}`;
}

function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Code spans, links, bold and italics within one line of escaped text. */
function inlineHtml(open: string, text: string, close: string): Html {
  const parts = text.split(/(`[^`]+`)/);
  const body = parts.map((part) => {
    if (part.length > 1 && part.startsWith('`') && part.endsWith('`'))
      return html`<code>${part.slice(1, -1)}</code>`;
    return emphasis(part);
  });
  return html`${htmlOf(open)}${body}${htmlOf(close)}`;
}

function emphasis(text: string): Html {
  const pieces = text.split(/(\[[^\]]+\]\([^)\s]+\)|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/);
  return html`${pieces.map((piece) => {
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(piece);
    if (link) {
      const url = safeUrl(link[2]!);
      return url ? html`<a href="${url}" rel="noreferrer">${link[1]}</a>` : html`${piece}`;
    }
    if (/^\*\*[^*]+\*\*$/.test(piece)) return html`<strong>${piece.slice(2, -2)}</strong>`;
    if (/^(\*[^*\s][^*]*\*|_[^_\s][^_]*_)$/.test(piece)) return html`<em>${piece.slice(1, -1)}</em>`;
    return html`${piece}`;
  })}`;
}

/** Markup this module writes itself (tag names it chose, never text from the draft). */
function htmlOf(tag: string): Html {
  return new Html(tag);
}
