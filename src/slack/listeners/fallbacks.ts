import type { App } from '@slack/bolt';
import { CALLBACKS } from '../modals.js';

const ACTIONS = ['take_command', 'update_status', 'add_note', 'resolve'];

/**
 * Anything Firewatch does not handle is still acknowledged at once, so Slack is never left waiting
 * three seconds for an answer that will not come.
 */
export function registerFallbacks(app: App): void {
  app.command(/^(?!\/incident$)/, async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: 'Firewatch answers /incident only; try /incident help.' });
  });
  app.action({ action_id: new RegExp(`^(?!(${ACTIONS.join('|')}|open_link_\\d+)$)`) }, async ({ ack }) => {
    await ack();
  });
  app.view(new RegExp(`^(?!(${Object.values(CALLBACKS).join('|')})$)`), async ({ ack }) => {
    await ack();
  });
}
