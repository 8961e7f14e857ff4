import type { BlockAction, ButtonAction } from '@slack/bolt';
import { answer } from '../../../commands/answer.js';
import { type IncidentId, parseIncidentId } from '../../../domain/incident.js';
import type { Status } from '../../../domain/lifecycle.js';
import { SETTABLE_MILESTONES } from '../../../domain/milestones.js';
import { ACTIONS, LINK_ACTION } from '../../../messages/actions.js';
import type { PendingCorrection } from '../../../messages/confirmation.js';
import { assignIncidentRole } from '../../../usecases/assign-role.js';
import type { Actor } from '../../../usecases/context.js';
import { targetIncident } from '../../../usecases/incident-change.js';
import { setIncidentMilestone } from '../../../usecases/set-milestone.js';
import { interactionDelivery, responseBody, type SlackContext } from '../../context.js';
import { type FormOrigin, noteModal, resolveModal, statusModal } from '../../modals.js';
import type { ActionRoute } from '../routes.js';

/** Who clicked, where, and the click itself (so that a replay of it changes nothing). */
function clicker(body: BlockAction, action: ButtonAction): Actor {
  return {
    user: body.user.id,
    zone: 'UTC',
    ...(body.channel?.id ? { channel: body.channel.id } : {}),
    ...interactionDelivery('action', body, action.action_ts),
  };
}

/** The correction a confirm button carries (its value), if it is one. */
function pendingCorrection(value: string | undefined): PendingCorrection | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<Record<keyof PendingCorrection, unknown>>;
    const incident = parseIncidentId(typeof parsed.incident === 'string' ? parsed.incident : '');
    const milestone = typeof parsed.milestone === 'string' ? parsed.milestone : '';
    if (!incident || !Object.hasOwn(SETTABLE_MILESTONES, milestone) || typeof parsed.at !== 'string')
      return undefined;
    return { incident, milestone: milestone as PendingCorrection['milestone'], at: parsed.at };
  } catch {
    return undefined;
  }
}

/**
 * The incident card's buttons. Each runs the same use case as the text command, and answers the
 * same way (commands/answer.ts), so a second click meets the same checks ("you already lead INC-3")
 * and changes nothing.
 */
export function cardButtons(context: SlackContext): ActionRoute[] {
  const takeCommand: ActionRoute = {
    id: ACTIONS.takeCommand,
    async handle({ ack, body, action, respond }) {
      await ack();
      const incident = parseIncidentId(action.value ?? '');
      const user = body.user.id;
      const { reply } = await answer(
        async () => {
          if (!incident) throw new Error(`take_command button without an incident id: ${action.value}`);
          return {
            reply: await assignIncidentRole(
              context.deps,
              { incident, role: 'commander', user },
              clicker(body, action),
            ),
          };
        },
        (error) => context.unexpected(error, { action: ACTIONS.takeCommand, user }),
      );
      await respond({ ...responseBody(reply), replace_original: false });
    },
  };

  const modals: Record<string, (incident: IncidentId, status: Status, from: FormOrigin) => object> = {
    [ACTIONS.updateStatus]: statusModal,
    [ACTIONS.addNote]: noteModal,
    [ACTIONS.resolve]: resolveModal,
  };
  const opensForm = Object.entries(modals).map(
    ([name, modal]): ActionRoute => ({
      id: name,
      async handle({ ack, body, action, client, respond }) {
        await ack();
        const id = parseIncidentId(action.value ?? '');
        const user = body.user.id;
        const answered = await answer(
          async () => {
            if (!id) throw new Error(`${name} button without an incident id: ${action.value}`);
            const from = body.channel?.id ? { channel: body.channel.id } : {};
            const incident = await targetIncident(context.deps, id, { user, zone: 'UTC', ...from });
            await client.views.open({
              trigger_id: body.trigger_id,
              view: modal(incident.id, incident.status, from) as never,
            });
            return {};
          },
          (error) => context.unexpected(error, { action: name, user }),
        );
        if (answered.failed) await respond({ ...responseBody(answered.reply), replace_original: false });
      },
    }),
  );

  // "Apply the correction": the button carries the correction; it runs the same use case, confirmed.
  const confirmMilestone: ActionRoute = {
    id: ACTIONS.confirmMilestone,
    async handle({ ack, body, action, respond }) {
      await ack();
      const user = body.user.id;
      const { reply, failed } = await answer(
        async () => {
          const correction = pendingCorrection(action.value);
          if (!correction) throw new Error(`confirm_milestone button without a correction: ${action.value}`);
          return {
            reply: await setIncidentMilestone(
              context.deps,
              {
                incident: correction.incident,
                milestone: correction.milestone,
                time: { kind: 'iso', text: correction.at },
                confirmed: true,
              },
              clicker(body, action),
            ),
          };
        },
        (error) => context.unexpected(error, { action: ACTIONS.confirmMilestone, user }),
      );
      // Applied: the question is replaced by the answer; refused: the question stays, the answer below.
      await respond({ ...responseBody(reply), replace_original: !failed });
    },
  };

  // Dashboard buttons open their URL in the browser; Slack still tells us about the click.
  const openLink: ActionRoute = {
    id: LINK_ACTION,
    async handle({ ack }) {
      await ack();
    },
  };

  return [takeCommand, ...opensForm, confirmMilestone, openLink];
}
