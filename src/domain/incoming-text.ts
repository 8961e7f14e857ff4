/**
 * Text from outside (a slash command, a form with `should_escape: true`, a PagerDuty title) in the
 * form Firewatch stores: user mentions as `<@U123>`, everything else plain. Channel links become
 * `#name`, links their URL (with the label), and `@channel` / `@here` / group mentions plain words,
 * so that showing the text again can never notify a whole channel or dress a link up as another.
 * Slack escapes `&`, `<` and `>` in what people type; they are unescaped last.
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
