import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
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
 */
export function registerFallbacks(app: App): void {
  const answerUnknown: Middleware<AnyMiddlewareArgs> = async (args) => {
    const { body, next } = args;
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    if (!ack || !unknown(body as Body)) return next();
    const command = (body as Body).command;
    await ack(
      command
        ? { response_type: 'ephemeral', text: 'Firewatch answers /incident only; try /incident help.' }
        : undefined,
    );
  };
  app.use(answerUnknown);
}
