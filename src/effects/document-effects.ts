import type { Incident } from '../domain/incident.js';
import type { IncidentRefs } from '../domain/refs.js';
import type { Message } from '../messages/model.js';
import { documentInput } from './document-input.js';
import type { EffectContext } from './effect-context.js';
import { EffectError, notYet } from './effect-error.js';

/** The hand-off brief, in the channel and as a direct message to the new commander. */
export async function postHandoffBrief(
  context: EffectContext,
  incident: Incident,
  refs: IncidentRefs,
  seq: number,
  key: string,
  retry: boolean,
): Promise<void> {
  const { store } = context.deps;
  const handoff = await store.event(incident.id, seq);
  if (handoff?.kind !== 'handed_off')
    throw new EffectError(`${incident.id} has no hand-off at ${seq}`, false);
  const timeline = await store.timeline(incident.id);
  const brief = context.documents.handoffBrief({
    ...(await documentInput(context.deps, incident, refs, timeline, (user) => context.chat.mention(user))),
    handoff,
  });
  const message: Message = {
    summary: [`${incident.id} hand-off: `, { user: handoff.to }, ' now leads'],
    blocks: [{ type: 'markdown', text: brief.markdown }],
  };
  const channel = refs.channel;
  if (!channel) throw notYet(`The channel of ${incident.id}`);
  await context.chat.post(channel, message, { key, retry });
  await context.chat.directMessage(
    handoff.to,
    {
      summary: [`You now lead ${incident.id}`],
      blocks: [
        {
          type: 'text',
          text: [`👋 You now lead ${incident.id}, in `, { channel }, '. Here is the brief:'],
        },
        { type: 'markdown', text: brief.markdown },
      ],
    },
    { key: `${key}-dm`, retry },
  );
  if (brief.fallbackError)
    await reportTemplateProblem(
      context,
      incident,
      channel,
      'hand-off brief',
      brief.fallbackError,
      `${key}-template`,
      retry,
    );
}

/** Renders the draft, writes it to POSTMORTEMS_DIR, uploads it, and records that it was written. */
export async function publishPostmortem(
  context: EffectContext,
  incident: Incident,
  refs: IncidentRefs,
  requestedBy: string | undefined,
): Promise<void> {
  const { store } = context.deps;
  const documents = context.documents;
  const timeline = await store.timeline(incident.id);
  const input = await documentInput(context.deps, incident, refs, timeline);
  const draft = documents.postmortem(input);
  const path = await documents.savePostmortem(incident, draft.markdown);
  if (refs.channel) {
    await context.chat.upload(refs.channel, {
      filename: path.split(/[\\/]/).pop() ?? `${incident.id}.md`,
      title: `${incident.id} postmortem draft`,
      content: draft.markdown,
      comment: `📝 Postmortem draft for ${incident.id}, written from the timeline. Edit it, then discuss it blamelessly.`,
      path,
    });
    const ask = draft.p0Request;
    if (ask && !incident.actions.some((action) => action.priority === 'p0')) {
      await context.chat.post(
        refs.channel,
        {
          summary: [`${incident.id} needs a P0 follow-up`],
          blocks: [
            {
              type: 'text',
              text: [
                '🔥 ',
                incident.roles.commander ? { user: incident.roles.commander } : '',
                incident.roles.commander ? ' ' : '',
                ask,
                ' Add it with /incident action p0 TEXT… [@owner]',
              ],
            },
          ],
        },
        { key: `postmortem-p0-${incident.id}-${timeline.length}`, retry: false },
      );
    }
    if (draft.fallbackError)
      await reportTemplateProblem(
        context,
        incident,
        refs.channel,
        'postmortem',
        draft.fallbackError,
        `postmortem-template-${incident.id}-${timeline.length}`,
        false,
      );
  }
  await context.outcomes.record(incident.id, {
    kind: 'postmortem_written',
    path,
    fallback: draft.fallbackError !== undefined,
    ...(draft.p0Request ? { p0Required: true } : {}),
    ...(requestedBy ? { requestedBy } : {}),
  });
}

/** A team's template failed: the built-in one was used; the commander is told why. */
export async function reportTemplateProblem(
  context: EffectContext,
  incident: Incident,
  channel: string,
  what: string,
  error: string,
  key: string,
  retry: boolean,
): Promise<void> {
  context.logger.error(
    { incident: incident.id, template: what, error },
    'template failed; used the built-in one',
  );
  await context.chat.post(
    channel,
    {
      summary: [`The ${what} template failed`],
      blocks: [
        {
          type: 'context',
          text: [
            '⚠️ ',
            incident.roles.commander ? { user: incident.roles.commander } : '',
            ` the ${what} template in TEMPLATES_DIR failed (${error}); the built-in template was used, so nothing is missing.`,
          ],
        },
      ],
    },
    { key, retry },
  );
}
