/**
 * `inc-42-db-down`: Slack channel names may only hold lowercase letters, digits, `-` and `_`, and
 * must be 80 characters or less (conversations.create).
 */
export const MAX_CHANNEL_NAME = 80;

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

export function incidentChannelName(prefix: string, number: number, title: string, suffix?: number): string {
  const head = `${slugify(prefix) || 'inc'}-${number}`;
  const tail = suffix && suffix > 1 ? `-${suffix}` : '';
  const room = MAX_CHANNEL_NAME - head.length - tail.length - 1;
  const slug = slugify(title)
    .slice(0, Math.max(0, room))
    .replace(/[-_]+$/, '');
  return slug ? `${head}-${slug}${tail}` : `${head}${tail}`;
}
