import { systemName } from '../domain/actors.js';
import { linkAction } from '../messages/actions.js';
import type { Block, Inline, Message, Rich } from '../messages/model.js';
import { escapeMrkdwn, escapeSaid, isWebUrl, markdownToMrkdwn } from './mrkdwn.js';

/**
 * Block Kit limits (docs.slack.dev/reference/block-kit): 50 blocks a message, 3000 characters of
 * section text, 10 fields of 2000, header 150, button text 75 and value 2000, 25 elements in an
 * actions block, 10 in a context block. Slack also rejects messages whose blocks hold more than
 * about 12,000 characters in all (msg_blocks_too_long), and chat.update refuses a `text` over 4,000.
 */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  actionsElements: 25,
  contextElements: 10,
  totalText: 12_000,
  fallbackText: 3000,
  url: 3000,
} as const;

export type SlackBlock = Record<string, unknown>;
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Cuts text to `max` characters, ending with an ellipsis when it was longer. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never leave half an escape (&amp;) or half a <…> token at the end.
  let clipped = text.slice(0, max - 1);
  clipped = clipped.replace(/&[a-z]{0,4}$/, '').replace(/<[^>]*$/, '');
  return `${clipped}…`;
}

function date(instant: string, format: 'datetime' | 'time' | 'date' | undefined): string {
  const epoch = Math.floor(Date.parse(instant) / 1000);
  const fallback = `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC`;
  const tokens =
    format === 'time' ? '{time}' : format === 'date' ? '{date_short_pretty}' : '{date_short_pretty} {time}';
  // Slack shows the date in each reader's own time zone; the fallback is UTC.
  return `<!date^${epoch}^${tokens}|${fallback}>`;
}

function inline(part: Inline): string {
  if (typeof part === 'string') return escapeMrkdwn(part);
  if ('said' in part) return escapeSaid(part.said);
  if ('user' in part) {
    const system = systemName(part.user);
    if (system) return escapeMrkdwn(system);
    return /^[UW][A-Z0-9]+$/.test(part.user) ? `<@${part.user}>` : escapeMrkdwn(`@${part.user}`);
  }
  if ('channel' in part)
    return /^[CGD][A-Z0-9]+$/.test(part.channel) ? `<#${part.channel}>` : escapeMrkdwn(`#${part.channel}`);
  if ('date' in part) return date(part.date, part.format);
  if ('link' in part) {
    const label = escapeMrkdwn(part.text ?? part.link).replace(/\|/g, '¦');
    return isWebUrl(part.link) ? `<${part.link}|${label}>` : label;
  }
  if ('bold' in part) return part.bold ? `*${escapeMrkdwn(part.bold)}*` : '';
  return `\`${escapeMrkdwn(part.code)}\``;
}

export function mrkdwn(rich: Rich): string {
  return rich.map(inline).join('');
}

/** Plain text of a rich line, for plain_text objects (headers, buttons): no markup at all. */
function plain(rich: Rich): string {
  return rich
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('said' in part) return part.said;
      if ('user' in part) return systemName(part.user) ?? `@${part.user}`;
      if ('channel' in part) return `#${part.channel}`;
      if ('date' in part) return `${part.date.slice(0, 10)} ${part.date.slice(11, 16)} UTC`;
      if ('link' in part) return part.text ?? part.link;
      if ('bold' in part) return part.bold;
      return part.code;
    })
    .join('');
}

/** Splits long mrkdwn into section-sized pieces at line breaks where it can. */
function chunks(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max / 2) at = max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(text || ' ', LIMITS.sectionText) } };
}

function sectionsOf(text: string): SlackBlock[] {
  return chunks(text, LIMITS.sectionText).map(section);
}

function toBlocks(block: Block): SlackBlock[] {
  switch (block.type) {
    case 'header':
      if (!block.text.trim()) return [];
      return [
        { type: 'header', text: { type: 'plain_text', text: cut(block.text, LIMITS.header), emoji: true } },
      ];
    case 'text':
      return sectionsOf(mrkdwn(block.text));
    case 'fields':
      if (block.fields.length === 0) return [];
      return [
        {
          type: 'section',
          fields: block.fields.slice(0, LIMITS.fields).map((field) => ({
            type: 'mrkdwn',
            text: cut(`*${escapeMrkdwn(field.label)}*\n${mrkdwn(field.value)}`, LIMITS.fieldText),
          })),
        },
      ];
    case 'list': {
      if (block.items.length === 0) return block.empty ? [section(`_${escapeMrkdwn(block.empty)}_`)] : [];
      return sectionsOf(block.items.map((item) => `• ${mrkdwn(item)}`).join('\n'));
    }
    case 'context':
      return [
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: cut(mrkdwn(block.text) || ' ', LIMITS.sectionText) }],
        },
      ];
    case 'divider':
      return [{ type: 'divider' }];
    case 'buttons':
      if (block.buttons.length === 0) return [];
      return [
        {
          type: 'actions',
          elements: block.buttons.slice(0, LIMITS.actionsElements).map((button) => ({
            type: 'button',
            action_id: button.action,
            text: {
              type: 'plain_text',
              text: cut(button.label.trim() || button.action, LIMITS.buttonText),
              emoji: true,
            },
            value: cut(button.value, LIMITS.buttonValue),
            ...(button.style ? { style: button.style } : {}),
          })),
        },
      ];
    case 'links': {
      const links = block.links
        .filter((link) => isWebUrl(link.url) && link.url.length <= LIMITS.url)
        .slice(0, LIMITS.actionsElements);
      if (links.length === 0) return [];
      return [
        {
          type: 'actions',
          elements: links.map((link, index) => ({
            type: 'button',
            action_id: linkAction(index),
            text: {
              type: 'plain_text',
              text: cut(link.text.trim() || 'Open', LIMITS.buttonText),
              emoji: true,
            },
            url: link.url,
          })),
        },
      ];
    }
    case 'table': {
      const widths = block.columns.map((column, index) =>
        Math.max(column.length, ...block.rows.map((row) => (row[index] ?? '').length)),
      );
      const line = (cells: string[]) =>
        cells
          .map((value, index) => value.padEnd(widths[index]!))
          .join('  ')
          .trimEnd();
      const body = [line(block.columns), ...block.rows.map(line)].map(escapeMrkdwn).join('\n');
      return [section(`\`\`\`${cut(body, LIMITS.sectionText - 6)}\`\`\``)];
    }
    case 'markdown':
      return sectionsOf(markdownToMrkdwn(block.text));
  }
}

function textLength(block: SlackBlock): number {
  return JSON.stringify(block).length;
}

/**
 * A message as Block Kit, inside every limit by construction, with a text fallback for
 * notifications and for clients that cannot show blocks.
 */
export function renderMessage(message: Message): SlackMessage {
  const blocks: SlackBlock[] = [];
  let budget = LIMITS.totalText;
  const all = message.blocks.flatMap(toBlocks);
  for (const [index, block] of all.entries()) {
    const size = textLength(block);
    const last = blocks.length === LIMITS.blocks - 1;
    if (size > budget || (last && index < all.length - 1)) {
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: '_… cut to fit in one Slack message._' }],
      });
      break;
    }
    blocks.push(block);
    budget -= size;
  }
  return { text: cut(mrkdwn(message.summary) || ' ', LIMITS.fallbackText), blocks };
}

/** A message as one plain line (form errors take plain text only). */
export function messageToPlain(message: Message): string {
  return plain(message.summary);
}
