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

/**
 * Text from a slash command or a modal (with `should_escape: true`) in the form Firewatch stores:
 * user mentions as `<@U123>`, everything else plain. Channel links become `#name`, links their
 * URL (with the label), and `@channel` / `@here` / group mentions plain words, so that showing the
 * text again can never notify a whole channel.
 */
export function normalizeIncoming(text: string): string {
  const plain = text.replace(/<([^<>]*)>/g, (_, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) return `<${target}>`;
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!subteam^')) return label ?? '@group';
    if (target.startsWith('!date^')) return label ?? '';
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    return label && label !== target ? `${label} (${target})` : target;
  });
  return plain.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

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
