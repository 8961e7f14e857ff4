/**
 * Slack's mrkdwn treats `&`, `<` and `>` as control characters: any text a person typed is escaped
 * before it goes into a message, so `db down <!channel>` pings nobody
 * (docs: "Formatting text for app surfaces", Escaping text).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const USER_MENTION = /&lt;@([UW][A-Z0-9]{1,20})&gt;/g;

/**
 * Text a person wrote, as stored: escaped, except user mentions (`<@U123>`), which stay mentions.
 * Special mentions (`<!channel>`, `<!here>`, user groups) never survive: they were made plain text
 * on the way in, and are escaped here if typed literally.
 */
export function escapeSaid(text: string): string {
  return escapeMrkdwn(text).replace(USER_MENTION, '<@$1>');
}

/** How text from Slack is stored: one function for commands, forms, pins and PagerDuty titles. */
export { normalizeIncoming } from '../domain/incoming-text.js';

export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>|]+$/i.test(url);
}

/**
 * Markdown (runbooks, briefs) as mrkdwn: bold, links, headings and bullets converted; everything
 * escaped; user mentions kept.
 */
export function markdownToMrkdwn(markdown: string): string {
  const lines: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      lines.push('```');
      continue;
    }
    if (fenced) {
      lines.push(escapeMrkdwn(line));
      continue;
    }
    let text = escapeSaid(line);
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    if (heading) text = `\uE000${heading[1]}\uE000`;
    text = text.replace(/^(\s*)[-*+]\s+/, '$1• ');
    text = text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, url: string) =>
      isWebUrl(url) ? `<${url}|${label}>` : whole,
    );
    text = text.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '\uE000$2\uE000');
    text = text.replace(/(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])/g, '_$1_');
    text = text.replace(/\uE000/g, '*');
    lines.push(text);
  }
  return lines.join('\n');
}
