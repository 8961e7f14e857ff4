import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { registerCardButtons } from './actions/card-buttons.js';
import { registerIncidentCommand } from './commands/incident-command.js';
import { registerMembership } from './events/membership.js';
import { registerReactionAdded } from './events/reaction-added.js';
import { registerFallbacks } from './fallbacks.js';
import { registerModalSubmissions } from './views/modal-submissions.js';

/** Every listener: each parses, calls a use case, and renders. */
export function registerListeners(app: App, context: SlackContext): void {
  registerFallbacks(app);
  registerIncidentCommand(app, context);
  registerCardButtons(app, context);
  registerModalSubmissions(app, context);
  registerReactionAdded(app, context);
  registerMembership(app, context);
}
