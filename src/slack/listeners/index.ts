import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { cardButtons } from './actions/card-buttons.js';
import { registerIncidentCommand } from './commands/incident-command.js';
import { membership } from './events/membership.js';
import { reactionAdded } from './events/reaction-added.js';
import { type ActionRoute, actionRoute, type EventRoutes, type SubmissionRoute } from './routes.js';
import { modalSubmissions } from './views/modal-submissions.js';

/** Every button, form and event Firewatch answers, by its id. */
export interface ListenerRoutes {
  actions: ActionRoute[];
  submissions: SubmissionRoute[];
  events: EventRoutes;
}

export function listenerRoutes(context: SlackContext): ListenerRoutes {
  return {
    actions: cardButtons(context),
    submissions: modalSubmissions(context),
    events: { ...reactionAdded(context), ...membership(context) },
  };
}

/**
 * Every listener: each parses, calls a use case, and renders. One Bolt listener per kind (the
 * command, buttons, forms, events), each finding its route by id: Bolt runs every registered
 * listener's matching for every request, so thirteen listeners cost each slash command thirteen
 * rounds of it. What has no route was already answered by the fallback (fallbacks.ts).
 */
export function registerListeners(app: App, context: SlackContext): void {
  const { actions, submissions, events } = listenerRoutes(context);
  registerIncidentCommand(app, context);
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions' }, async (args) => {
    await actionRoute(actions, args.action.action_id)?.handle(args);
  });
  const forms = new Map(submissions.map((route) => [route.callbackId, route]));
  app.view<ViewSubmitAction>({ type: 'view_submission' }, async (args) => {
    await forms.get(args.view.callback_id)?.handle(args);
  });
  const types = Object.keys(events);
  app.event(new RegExp(`^(${types.join('|')})$`), async (args) => {
    const route = events[args.event.type as keyof EventRoutes] as
      | ((a: typeof args) => Promise<void>)
      | undefined;
    await route?.(args);
  });
}
