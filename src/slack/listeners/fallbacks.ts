import type { AnyMiddlewareArgs } from '@slack/bolt';
import { isKnownAction } from '../../messages/actions.js';
import { CALLBACKS } from '../modals.js';

const COMMANDS = new Set(['/incident']);
const VIEWS = new Set<string>(Object.values(CALLBACKS));

type Body = {
  command?: string;
  type?: string;
  actions?: Array<{ action_id?: string }>;
  view?: { callback_id?: string };
};

function unknown(body: Body): boolean {
  if (body.command !== undefined) return !COMMANDS.has(body.command);
  if (body.type === 'block_actions')
    return !(body.actions ?? []).some((action) => isKnownAction(action.action_id ?? ''));
  if (body.type === 'view_submission' || body.type === 'view_closed')
    return !VIEWS.has(body.view?.callback_id ?? '');
  return false;
}

/**
 * Anything Firewatch has no listener for is still acknowledged at once, so Slack is never left
 * waiting three seconds for an answer that will not come. One global check rather than catch-all
 * listeners: every listener costs each request its matching, and the ack path is measured.
 * Returns whether the request was answered here.
 */
export async function answeredAsUnknown(args: AnyMiddlewareArgs): Promise<boolean> {
  const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
  const body = args.body as Body;
  if (!ack || !unknown(body)) return false;
  await ack(
    body.command
      ? { response_type: 'ephemeral', text: 'Firewatch answers /incident only; try /incident help.' }
      : undefined,
  );
  return true;
}
