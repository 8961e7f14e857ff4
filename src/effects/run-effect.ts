import { isPerson } from '../domain/actors.js';
import { incidentChannelName } from '../domain/channel-name.js';
import type { Effect } from '../domain/effects.js';
import type { Incident } from '../domain/incident.js';
import type { ClaimedEffect, Service } from '../domain/ports.js';
import { type IncidentRefs, readRefs } from '../domain/refs.js';
import { runbookLink } from '../domain/service-catalog.js';
import { toInstant } from '../domain/time.js';
import { eventMessage } from '../messages/event-message.js';
import { incidentCard, incidentHeadline, withdrawnCard } from '../messages/incident-card.js';
import type { Message } from '../messages/model.js';
import { runbookMessage } from '../messages/runbook.js';
import { postHandoffBrief, publishPostmortem } from './document-effects.js';
import { causeDeployment, errorBudgetInput } from './document-input.js';
import { type EffectContext, type EffectDeps, serviceOf } from './effect-context.js';
import { EffectError, notYet } from './effect-error.js';
import type { EffectRunner } from './outbox-worker.js';
import { inviteOnCall, recordPageFailure, resolvePage, triggerPage } from './pager-effects.js';

/** The longest channel topic Slack takes (conversations.setTopic: too_long above 250). */
const MAX_TOPIC = 250;

/**
 * Carries out each kind of effect: the chat ones here; paging in pager-effects.ts; the postmortem
 * and the hand-off brief in document-effects.ts.
 */
export class IncidentEffects implements EffectRunner {
  constructor(private readonly context: EffectContext) {}

  private get deps(): EffectDeps {
    return this.context.deps;
  }

  async run(claimed: ClaimedEffect): Promise<void> {
    const { store } = this.deps;
    const stored = await store.load(claimed.incidentId);
    if (!stored) throw new EffectError(`${claimed.incidentId} does not exist`, false);
    const incident = stored.incident;
    const refs = readRefs(await store.refs(incident.id));
    const learnt = (found: IncidentRefs) =>
      this.context.outcomes.record(incident.id, { kind: 'refs', refs: found });
    const chat = this.context.chat;
    const key = `firewatch-effect-${claimed.id}`;
    const retry = claimed.attempt > 1;
    const channel = () =>
      refs.channel ??
      (() => {
        throw notYet(`The channel of ${incident.id}`);
      })();
    const effect: Effect = claimed.effect;

    switch (effect.type) {
      case 'channel.create': {
        if (refs.channel) return;
        const name = incidentChannelName(this.deps.settings.channelPrefix, incident.number, incident.title);
        const created = await chat.createChannel({
          name,
          private: incident.private,
          createdAfter: incident.milestones.declaredAt,
        });
        await learnt({ channel: created.id, channelName: created.name });
        return;
      }
      case 'channel.invite': {
        const users = effect.users.filter(isPerson);
        if (users.length > 0) await chat.invite(channel(), users);
        return;
      }
      case 'channel.topic':
        return chat.setTopic(channel(), this.topic(incident));
      case 'card.post': {
        // Posted before a crash but not yet pinned: pin it now (pinning twice is harmless).
        let ts = refs.card;
        if (!ts) {
          ts = (await chat.post(channel(), await this.card(incident, refs), { key, retry })).ts;
          await learnt({ card: ts });
        }
        await chat.pin(channel(), ts);
        return;
      }
      case 'announce.post': {
        const announce = this.deps.settings.announceChannel;
        if (!announce || refs.announce || incident.private) return;
        const posted = await chat.post(announce, await this.card(incident, refs), { key, retry });
        await learnt({ announce: { channel: posted.channel, ts: posted.ts } });
        return;
      }
      case 'announce.withdraw':
        // Run later than it was recorded: if the incident is public again, the refresh restores it.
        if (refs.announce && incident.private)
          await chat.update(refs.announce.channel, refs.announce.ts, withdrawnCard());
        return;
      case 'cards.refresh': {
        const announce = refs.announce && !incident.private ? refs.announce : undefined;
        if (!refs.card && !announce) return;
        // The same card in both places: its reads (error budget, cause) are made once.
        const card = await this.card(incident, refs);
        if (refs.card) await chat.update(channel(), refs.card, card);
        if (announce) await chat.update(announce.channel, announce.ts, card);
        return;
      }
      case 'runbook.post': {
        const service = serviceOf(this.deps, incident);
        if (!service) return;
        await chat.post(channel(), runbookMessage(service, this.runbookUrl(service)), { key, retry });
        return;
      }
      case 'event.post': {
        const event = await store.event(incident.id, effect.seq);
        if (!event) throw new EffectError(`${incident.id} has no event ${effect.seq}`, false);
        await chat.post(channel(), eventMessage(incident, event), { key, retry });
        return;
      }
      case 'handoff.brief':
        return postHandoffBrief(this.context, incident, refs, effect.seq, key, retry);
      case 'page.trigger':
        return triggerPage(this.context, incident, refs);
      case 'page.resolve':
        return resolvePage(this.context, incident);
      case 'oncall.invite':
        return inviteOnCall(this.context, incident, channel(), refs);
      case 'postmortem.publish':
        return publishPostmortem(this.context, incident, refs, effect.requestedBy);
      default: {
        // A new kind of effect without its case here does not compile.
        const unhandled: never = effect;
        return unhandled;
      }
    }
  }

  async failed(claimed: ClaimedEffect, error: Error, final: boolean): Promise<void> {
    if (claimed.effect.type === 'page.trigger') await recordPageFailure(this.context, claimed, error, final);
  }

  private runbookUrl(service: Service): string | undefined {
    return runbookLink(this.deps.settings.runbookBaseUrl, service);
  }

  private async card(incident: Incident, refs: IncidentRefs): Promise<Message> {
    const service = serviceOf(this.deps, incident);
    const link = service ? this.runbookUrl(service) : undefined;
    const [errorBudget, cause] = await Promise.all([
      errorBudgetInput(this.deps, incident),
      causeDeployment(this.deps, incident),
    ]);
    return incidentCard(incident, {
      ...(cause ? { cause } : {}),
      ...(errorBudget ? { errorBudget } : {}),
      now: toInstant(this.deps.clock.now()),
      ...(refs.oncall ? { onCall: refs.oncall } : {}),
      ...(service ? { service } : {}),
      ...(link ? { runbookUrl: link } : {}),
      ...(refs.channelName ? { channel: refs.channelName } : {}),
    });
  }

  private topic(incident: Incident): string {
    const service = serviceOf(this.deps, incident);
    const link = service ? this.runbookUrl(service) : undefined;
    const topic = `${incidentHeadline(incident)}${link ? ` · runbook ${link}` : ''}`;
    return topic.length > MAX_TOPIC ? `${topic.slice(0, MAX_TOPIC - 1)}…` : topic;
  }
}
