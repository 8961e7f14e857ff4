import { DateTime } from 'luxon';
import { systemName } from '../domain/actors.js';
import type { Block, Inline, Message, Rich } from '../messages/model.js';

export interface TextStyle {
  /** The zone the console shows times in. */
  zone: string;
}

function date(instant: string, format: 'datetime' | 'time' | 'date' | undefined, style: TextStyle): string {
  const time = DateTime.fromISO(instant, { zone: 'utc' }).setZone(style.zone);
  if (!time.isValid) return instant;
  if (format === 'time') return time.toFormat('HH:mm');
  if (format === 'date') return time.toFormat('yyyy-LL-dd');
  return time.toFormat('yyyy-LL-dd HH:mm ZZZZ');
}

function inline(part: Inline, style: TextStyle): string {
  if (typeof part === 'string') return part;
  if ('said' in part) return part.said.replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, '@$1');
  if ('user' in part) return systemName(part.user) ?? `@${part.user}`;
  if ('channel' in part) return `#${part.channel.replace(/^#/, '')}`;
  if ('date' in part) return date(part.date, part.format, style);
  if ('link' in part) return part.text ? `${part.text} (${part.link})` : part.link;
  if ('bold' in part) return part.bold;
  return part.code;
}

export function richToText(rich: Rich, style: TextStyle): string {
  return rich.map((part) => inline(part, style)).join('');
}

function table(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((value, index) => value.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map(line)];
}

function blockLines(block: Block, style: TextStyle): string[] {
  switch (block.type) {
    case 'header':
      return [block.text];
    case 'text':
    case 'context':
      return richToText(block.text, style).split('\n');
    case 'fields': {
      const width = Math.max(...block.fields.map((field) => field.label.length));
      return block.fields.map((field) => `${field.label.padEnd(width)}  ${richToText(field.value, style)}`);
    }
    case 'list':
      if (block.items.length === 0) return block.empty ? [`  ${block.empty}`] : [];
      return block.items.flatMap((item) =>
        richToText(item, style)
          .split('\n')
          .map((line, index) => (index === 0 ? `• ${line}` : `  ${line}`)),
      );
    case 'divider':
      return ['—'];
    case 'buttons':
      return [block.buttons.map((button) => `[${button.label}]`).join(' ')];
    case 'links':
      return block.links.map((link) => `→ ${link.text}: ${link.url}`);
    case 'table':
      return table(block.columns, block.rows);
    case 'markdown':
      return block.text.split('\n');
  }
}

/** A message as lines of plain text, the way the console prints what Slack would show. */
export function messageToText(message: Message, style: TextStyle): string[] {
  return message.blocks.flatMap((block) => blockLines(block, style));
}
