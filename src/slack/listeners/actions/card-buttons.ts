import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { parseIncidentId } from '../../../domain/incident.js';
import { assignIncidentRole } from '../../../usecases/assign-role.js';
import { targetIncident } from '../../../usecases/incident-change.js';
import { answer, responseBody, type SlackContext } from '../../context.js';
import { noteModal, resolveModal, statusModal } from '../../modals.js';

type ButtonArgs = { body: BlockAction; action: ButtonAction };

/**
 * The incident card's buttons. Each runs the same use case as the text command, so a second click
 * meets the same checks ("you already lead INC-3") and changes nothing.
 */
export function registerCardButtons(app: App, context: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(
    'take_command',
    async ({
      ack,
      body,
      action,
      respond,
    }: ButtonArgs & { ack: () => Promise<void>; respond: (message: object) => Promise<unknown> }) => {
      await ack();
      const incident = parseIncidentId(action.value ?? '');
      const user = body.user.id;
      const { reply } = await answer(context, { action: 'take_command', user }, async () => {
        if (!incident) throw new Error(`take_command button without an incident id: ${action.value}`);
        return assignIncidentRole(
          context.deps,
          { incident, role: 'commander', user },
          { user, zone: 'UTC', ...(body.channel?.id ? { channel: body.channel.id } : {}) },
        );
      });
      await respond({ ...responseBody(reply), replace_original: false });
    },
  );

  const openModal = (name: 'update_status' | 'add_note' | 'resolve') =>
    app.action<BlockAction<ButtonAction>>(name, async ({ ack, body, action, client, respond }) => {
      await ack();
      const id = parseIncidentId(action.value ?? '');
      const user = body.user.id;
      const { reply, error } = await answer(context, { action: name, user }, async () => {
        if (!id) throw new Error(`${name} button without an incident id: ${action.value}`);
        const incident = await targetIncident(context.deps, id, {
          user,
          zone: 'UTC',
          ...(body.channel?.id ? { channel: body.channel.id } : {}),
        });
        const view =
          name === 'update_status'
            ? statusModal(incident.id, incident.status)
            : name === 'add_note'
              ? noteModal(incident.id)
              : resolveModal(incident.id);
        await client.views.open({ trigger_id: body.trigger_id, view: view as never });
        return { message: { summary: [], blocks: [] } };
      });
      if (error) await respond({ ...responseBody(reply), replace_original: false });
    });
  openModal('update_status');
  openModal('add_note');
  openModal('resolve');

  // Dashboard buttons open their URL in the browser; Slack still tells us about the click.
  app.action(/^open_link_\d+$/, async ({ ack }) => {
    await ack();
  });
}
