import type { App } from '@slack/bolt';
import { parseCommand } from '../../../commands/grammar.js';
import { specOf } from '../../../commands/registry.js';
import { handleCommand } from '../../../commands/router.js';
import { declare } from '../../../commands/verbs/declare.js';
import { asideBody, responseBody, type SlackContext } from '../../context.js';
import { declareModal } from '../../modals.js';
import { normalizeIncoming } from '../../mrkdwn.js';

const SLACK_USER = /^[UW][A-Z0-9]{1,20}$/;
const SLACK_CHANNEL = /^[CGD][A-Z0-9]{1,20}$/;

/**
 * `/incident …`: parse, run the use case (its state and effects committed locally, in
 * milliseconds), and answer in the ack itself. Nothing that calls Slack or PagerDuty runs before
 * the ack; those effects are in the outbox.
 */
export function registerIncidentCommand(app: App, context: SlackContext): void {
  app.command('/incident', async ({ command, ack, respond, client, context: request }) => {
    const user = command.user_id;
    const channel = command.channel_id;
    // Slack always sends these; a request without them is not from a person in a channel.
    if (
      typeof user !== 'string' ||
      !SLACK_USER.test(user) ||
      typeof channel !== 'string' ||
      !SLACK_CHANNEL.test(channel)
    ) {
      await ack({
        response_type: 'ephemeral',
        text: 'This request has no valid user or channel, so Firewatch did nothing with it.',
      });
      return;
    }
    // A replay of this request (same trigger_id) is refused when it would change anything again.
    const delivery =
      typeof command.trigger_id === 'string' && command.trigger_id ? { delivery: command.trigger_id } : {};
    const text = normalizeIncoming(typeof command.text === 'string' ? command.text : '');
    const options = {
      parse: { slackMentions: true },
      unexpected: (error: unknown) =>
        context.unexpected(error, { command: 'incident', user, channel, requestId: request.requestId }),
    };
    const parsed = parseCommand(text, options.parse);
    const knownZone = context.directory.cachedZone(user);
    // A verb that needs the person's zone or asks a slow service is acknowledged first and answered
    // through the response URL; every other one is answered in the ack itself.
    const later = parsed.ok
      ? specOf(parsed.command).answerLater?.(parsed.command, {
          zoneKnown: knownZone !== undefined,
          pagerConfigured: context.deps.pager !== undefined,
        })
      : undefined;
    if (later) {
      await ack();
      const zone =
        later === 'needs-zone'
          ? ((await context.directory.profile(user).catch(() => undefined))?.zone ?? 'UTC')
          : (knownZone ?? 'UTC');
      const outcome = await handleCommand(
        context.deps,
        parsed,
        { user, channel, zone, ...delivery },
        options,
      );
      if ('reply' in outcome) {
        await respond(responseBody(outcome.reply));
        const aside = asideBody(outcome.reply);
        if (aside) await respond(aside);
      }
      return;
    }
    const outcome = await handleCommand(
      context.deps,
      parsed,
      { user, channel, zone: knownZone ?? 'UTC', ...delivery },
      options,
    );
    if ('form' in outcome) {
      if (!command.trigger_id) {
        await ack({
          response_type: 'ephemeral',
          text: `Give the incident a title: ${declare.usage}`,
        });
        return;
      }
      await ack();
      const view = declareModal({ ...outcome.defaults }, context.deps.catalog.services(), { channel });
      await client.views
        .open({ trigger_id: command.trigger_id, view: view as never })
        .catch(async (error: unknown) => {
          const ref = context.unexpected(error, { action: 'views.open', user });
          await respond({
            response_type: 'ephemeral',
            text: `Could not open the declare form (ref ${ref}). Try /incident declare [sevN] [service:NAME] TITLE… instead.`,
          });
        });
      return;
    }
    await ack(responseBody(outcome.reply));
    const aside = asideBody(outcome.reply);
    if (aside) await respond(aside);
  });
}
