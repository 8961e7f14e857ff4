/**
 * An independent check of what Firewatch sends Slack: Block Kit's limits (docs.slack.dev/reference/
 * block-kit) and no unescaped mass mention. Written apart from the renderer so that a bug in one
 * is caught by the other.
 */
type Json = Record<string, unknown>;

const MASS_MENTION = /<!(channel|here|everyone|subteam\^[^>]*)>/;

function textOf(object: unknown): string {
  return typeof object === 'object' && object !== null && typeof (object as Json).text === 'string'
    ? ((object as Json).text as string)
    : '';
}

export function blockKitProblems(message: { text?: unknown; blocks?: unknown }, where: string): string[] {
  const problems: string[] = [];
  const problem = (text: string) => problems.push(`${where}: ${text}`);
  const text = typeof message.text === 'string' ? message.text : '';
  if (MASS_MENTION.test(text)) problem(`mass mention in text: ${text.slice(0, 80)}`);
  if (text.length > 4000) problem(`text is ${text.length} characters`);
  const blocks =
    typeof message.blocks === 'string' ? (JSON.parse(message.blocks) as unknown) : message.blocks;
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) return [...problems, `${where}: blocks is not a list`];
  if (blocks.length > 50) problem(`${blocks.length} blocks`);
  if (JSON.stringify(blocks).length > 13_200)
    problem(`blocks hold ${JSON.stringify(blocks).length} characters`);
  if (!text && blocks.length > 0) problem('no text fallback');
  const checkText = (object: unknown, max: number, label: string) => {
    const value = textOf(object);
    if (value.length === 0) problem(`${label} is empty`);
    if (value.length > max) problem(`${label} is ${value.length} characters (max ${max})`);
    if (MASS_MENTION.test(value)) problem(`${label} has a mass mention: ${value.slice(0, 80)}`);
  };
  for (const [index, raw] of blocks.entries()) {
    const block = raw as Json;
    const label = `block ${index} (${String(block.type)})`;
    if (typeof block.block_id === 'string' && block.block_id.length > 255)
      problem(`${label} block_id too long`);
    switch (block.type) {
      case 'header':
        if ((block.text as Json)?.type !== 'plain_text') problem(`${label} text must be plain_text`);
        checkText(block.text, 150, label);
        break;
      case 'section': {
        if (block.text) checkText(block.text, 3000, `${label} text`);
        const fields = (block.fields as unknown[] | undefined) ?? [];
        if (fields.length > 10) problem(`${label} has ${fields.length} fields`);
        for (const field of fields) checkText(field, 2000, `${label} field`);
        if (!block.text && fields.length === 0) problem(`${label} has neither text nor fields`);
        break;
      }
      case 'context': {
        const elements = (block.elements as unknown[]) ?? [];
        if (elements.length === 0 || elements.length > 10)
          problem(`${label} has ${elements.length} elements`);
        for (const element of elements) checkText(element, 3000, `${label} element`);
        break;
      }
      case 'actions': {
        const elements = (block.elements as Json[]) ?? [];
        if (elements.length === 0 || elements.length > 25)
          problem(`${label} has ${elements.length} elements`);
        const ids = new Set<string>();
        for (const element of elements) {
          checkText(element.text, 75, `${label} button`);
          if (typeof element.value === 'string' && element.value.length > 2000)
            problem(`${label} button value too long`);
          if (
            typeof element.url === 'string' &&
            (element.url.length > 3000 || !/^https?:\/\//.test(element.url))
          )
            problem(`${label} button url ${element.url}`);
          const id = String(element.action_id ?? '');
          if (id.length > 255) problem(`${label} action_id too long`);
          if (ids.has(id)) problem(`${label} repeats action_id ${id}`);
          ids.add(id);
        }
        break;
      }
      case 'divider':
      case 'input':
        break;
      default:
        problem(`${label} is a block type Firewatch does not use`);
    }
  }
  return problems;
}
