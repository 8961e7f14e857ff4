import type { ViewOutput } from '@slack/bolt';
import { answer } from '../../../commands/answer.js';
import { FirewatchError } from '../../../domain/errors.js';
import { type IncidentId, parseIncidentId } from '../../../domain/incident.js';
import { parseStatus } from '../../../domain/lifecycle.js';
import { parseSeverity } from '../../../domain/severity.js';
import type { Reply } from '../../../messages/model.js';
import { addTimelineNote } from '../../../usecases/add-note.js';
import { changeStatusOrUpdate } from '../../../usecases/change-status.js';
import { declareIncident } from '../../../usecases/declare-incident.js';
import { resolveIncident } from '../../../usecases/resolve-incident.js';
import { interactionDelivery, responseBody, type SlackContext } from '../../context.js';
import { CALLBACKS } from '../../modals.js';
import { normalizeIncoming } from '../../mrkdwn.js';
import { messageToPlain } from '../../render-blocks.js';
import type { SubmissionRoute } from '../routes.js';

type Values = ViewOutput['state']['values'];

/** Who submitted a form, and the request it came in (see interactionDelivery). */
type Submitter = { user: string; delivery?: string };

function text(values: Values, block: string): string | undefined {
  const value = values[block]?.value?.value;
  return typeof value === 'string' && value.trim() ? normalizeIncoming(value.trim()) : undefined;
}

function selected(values: Values, block: string): string | undefined {
  return values[block]?.value?.selected_option?.value ?? undefined;
}

function metadata(view: ViewOutput): { channel?: string; incident?: IncidentId } {
  try {
    const parsed = JSON.parse(view.private_metadata || '{}') as { channel?: string; incident?: string };
    const incident = parsed.incident ? parseIncidentId(parsed.incident) : undefined;
    return { ...(parsed.channel ? { channel: parsed.channel } : {}), ...(incident ? { incident } : {}) };
  } catch {
    return {};
  }
}

/**
 * Form submissions. A refusal is shown on the form itself (response_action: errors), so the person
 * can fix it without retyping; success closes the form and confirms only to them.
 */
export function modalSubmissions(context: SlackContext): SubmissionRoute[] {
  const submit = (
    callbackId: string,
    field: string,
    run: (view: ViewOutput, actor: Submitter) => Promise<Reply>,
  ): SubmissionRoute => ({
    callbackId,
    async handle({ ack, view, body, client }) {
      const user = body.user.id;
      const submitter = { user, ...interactionDelivery('view', body) };
      const { reply, failed } = await answer(
        async () => ({ reply: await run(view, submitter) }),
        (error) => context.unexpected(error, { view: callbackId, user }),
      );
      if (failed) {
        await ack({
          response_action: 'errors',
          errors: { [field]: messageToPlain(reply.message).slice(0, 300) },
        });
        return;
      }
      await ack();
      const where = metadata(view).channel;
      if (where) {
        const rendered = responseBody(reply);
        await client.chat
          .postEphemeral({ channel: where, user, text: rendered.text, blocks: rendered.blocks })
          .catch((failure: unknown) => {
            context.logger.warn({ err: failure, user }, 'slack: could not confirm a form submission');
          });
      }
    },
  });

  const declareForm = submit(CALLBACKS.declare, 'title', async (view, submitter) => {
    const values = view.state.values;
    const title = text(values, 'title') ?? '';
    const severity = parseSeverity(selected(values, 'severity') ?? '') ?? 'SEV3';
    const service = selected(values, 'service');
    const isPrivate = (values.private?.value?.selected_options ?? []).some(
      (option) => option.value === 'private',
    );
    const description = text(values, 'description');
    const channel = metadata(view).channel;
    const { reply } = await declareIncident(
      context.deps,
      {
        title,
        severity,
        private: isPrivate,
        ...(service ? { service } : {}),
        ...(description ? { description } : {}),
      },
      { ...submitter, zone: 'UTC', ...(channel ? { channel } : {}) },
    );
    return reply;
  });

  /** The person, and the channel the form was opened from (the same rule as the card's button). */
  const who = (view: ViewOutput, submitter: Submitter) => {
    const channel = metadata(view).channel;
    return { ...submitter, zone: 'UTC', ...(channel ? { channel } : {}) };
  };

  const incidentOf = (view: ViewOutput): IncidentId => {
    const incident = metadata(view).incident;
    if (!incident)
      throw new FirewatchError(
        'INCIDENT_NOT_FOUND',
        'This form lost track of its incident.',
        'Use the card’s button again.',
      );
    return incident;
  };

  const statusForm = submit(CALLBACKS.status, 'message', async (view, submitter) => {
    const status = parseStatus(selected(view.state.values, 'status') ?? '');
    const message = text(view.state.values, 'message');
    return changeStatusOrUpdate(
      context.deps,
      { incident: incidentOf(view), ...(status ? { status } : {}), ...(message ? { message } : {}) },
      who(view, submitter),
    );
  });

  const noteForm = submit(CALLBACKS.note, 'text', async (view, submitter) => {
    return addTimelineNote(
      context.deps,
      { incident: incidentOf(view), text: text(view.state.values, 'text') ?? '' },
      who(view, submitter),
    );
  });

  const resolveForm = submit(CALLBACKS.resolve, 'summary', async (view, submitter) => {
    const summary = text(view.state.values, 'summary');
    return resolveIncident(
      context.deps,
      { incident: incidentOf(view), ...(summary ? { summary } : {}) },
      who(view, submitter),
    );
  });

  return [declareForm, statusForm, noteForm, resolveForm];
}
