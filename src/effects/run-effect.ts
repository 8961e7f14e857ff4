import type { Logger } from 'pino';
import { FIREWATCH, isPerson, PAGERDUTY } from '../domain/actors.js';
import { incidentChannelName } from '../domain/channel-name.js';
import type { Effect } from '../domain/effects.js';
import type { Incident } from '../domain/incident.js';
import { ALERT_SEVERITY, type Alert, dedupKey } from '../domain/pager.js';
import type { ClaimedEffect, Service } from '../domain/ports.js';
import { toInstant } from '../domain/time.js';
import { eventMessage } from '../messages/event-message.js';
import { incidentCard, incidentHeadline, type OnCallName } from '../messages/incident-card.js';
import type { Message } from '../messages/model.js';
import { runbookMessage } from '../messages/runbook.js';
import type { Deps } from '../usecases/context.js';
import { changeIncident } from '../usecases/incident-change.js';
import { runbookLink } from '../usecases/show-runbook.js';
import { documentInput } from './document-input.js';
import { EffectError, notYet } from './effect-error.js';
import type { EffectRunner } from './outbox-worker.js';
import type { ChatPort, Documents } from './ports.js';

export interface EffectContext {
  deps: Deps;
  chat: ChatPort;
  documents: Documents;
  logger: Logger;
}

/** The longest channel topic Slack takes (conversations.setTopic: too_long above 250). */
const MAX_TOPIC = 250;
/** A page that has failed this many times is announced in the channel while retries go on. */
const PAGE_FAILURES_BEFORE_NOTICE = 3;
/** The longest a page waits for the incident channel to exist, to link to it. */
const PAGE_WAITS_FOR_CHANNEL_MS = 3_000;

// Defined beside the Pager port, since the webhook use case matches PagerDuty incidents by it too.
export { dedupKey } from '../domain/pager.js';

/** Carries out each kind of effect against chat, PagerDuty and the file system. */
export class IncidentEffects implements EffectRunner {
  constructor(private readonly context: EffectContext) {}

  private get deps(): Deps {
    return this.context.deps;
  }

  async run(claimed: ClaimedEffect): Promise<void> {
    const { store } = this.deps;
    const stored = await store.load(claimed.incidentId);
    if (!stored) throw new EffectError(`${claimed.incidentId} does not exist`, false);
    const incident = stored.incident;
    const refs = await store.refs(incident.id);
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
        await store.setRef(incident.id, 'channel', created.id);
        await store.setRef(incident.id, 'channelName', created.name);
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
          ts = (await chat.post(channel(), this.card(incident, refs), { key, retry })).ts;
          await store.setRef(incident.id, 'card', ts);
        }
        await chat.pin(channel(), ts);
        return;
      }
      case 'announce.post': {
        const announce = this.deps.settings.announceChannel;
        if (!announce || refs.announce || incident.private) return;
        const posted = await chat.post(announce, this.card(incident, refs), { key, retry });
        await store.setRef(incident.id, 'announce', `${posted.channel} ${posted.ts}`);
        return;
      }
      case 'cards.refresh': {
        if (refs.card) await chat.update(channel(), refs.card, this.card(incident, refs));
        if (refs.announce && !incident.private) {
          const [announceChannel, ts] = refs.announce.split(' ');
          await chat.update(announceChannel!, ts!, this.card(incident, refs));
        }
        return;
      }
      case 'runbook.post': {
        const service = this.service(incident);
        if (!service) return;
        await chat.post(channel(), runbookMessage(service, runbookLink(this.deps, service)), { key, retry });
        return;
      }
      case 'event.post': {
        const event = await store.event(incident.id, effect.seq);
        if (!event) throw new EffectError(`${incident.id} has no event ${effect.seq}`, false);
        await chat.post(channel(), eventMessage(incident, event), { key, retry });
        return;
      }
      case 'handoff.brief':
        return this.handoffBrief(incident, refs, effect.seq, key, retry);
      case 'page.trigger':
        return this.page(incident, refs);
      case 'page.resolve':
        return this.resolvePage(incident);
      case 'oncall.invite':
        return this.inviteOnCall(incident, channel(), refs);
      case 'postmortem.publish':
        return this.publishPostmortem(incident, refs, effect.requestedBy);
    }
  }

  async failed(claimed: ClaimedEffect, error: Error, final: boolean): Promise<void> {
    if (claimed.effect.type !== 'page.trigger') return;
    if (!final && claimed.attempt !== PAGE_FAILURES_BEFORE_NOTICE) return;
    const stored = await this.deps.store.load(claimed.incidentId);
    const service = stored?.incident.service ?? 'unknown';
    await changeIncident(this.deps, claimed.incidentId, FIREWATCH, () => [
      {
        kind: 'page_failed',
        service,
        error: final ? `${error.message} (gave up)` : `${error.message} (still retrying)`,
      },
    ]);
  }

  private service(incident: Incident): Service | undefined {
    return incident.service ? this.deps.catalog.find(incident.service) : undefined;
  }

  private card(incident: Incident, refs: Record<string, string>): Message {
    const service = this.service(incident);
    const link = service ? runbookLink(this.deps, service) : undefined;
    return incidentCard(incident, {
      now: toInstant(this.deps.clock.now()),
      ...(refs.oncall ? { onCall: JSON.parse(refs.oncall) as OnCallName[] } : {}),
      ...(service ? { service } : {}),
      ...(link ? { runbookUrl: link } : {}),
      ...(refs.channelName ? { channel: refs.channelName } : {}),
    });
  }

  private topic(incident: Incident): string {
    const service = this.service(incident);
    const link = service ? runbookLink(this.deps, service) : undefined;
    const topic = `${incidentHeadline(incident)}${link ? ` · runbook ${link}` : ''}`;
    return topic.length > MAX_TOPIC ? `${topic.slice(0, MAX_TOPIC - 1)}…` : topic;
  }

  private async handoffBrief(
    incident: Incident,
    refs: Record<string, string>,
    seq: number,
    key: string,
    retry: boolean,
  ): Promise<void> {
    const { store } = this.deps;
    const handoff = await store.event(incident.id, seq);
    if (handoff?.kind !== 'handed_off')
      throw new EffectError(`${incident.id} has no hand-off at ${seq}`, false);
    const timeline = await store.timeline(incident.id);
    const brief = this.context.documents.handoffBrief({
      ...(await documentInput(this.deps, incident, refs, timeline, (user) =>
        this.context.chat.mention(user),
      )),
      handoff,
    });
    const message: Message = {
      summary: [`${incident.id} hand-off: `, { user: handoff.to }, ' now leads'],
      blocks: [{ type: 'markdown', text: brief.markdown }],
    };
    const channel = refs.channel;
    if (!channel) throw notYet(`The channel of ${incident.id}`);
    await this.context.chat.post(channel, message, { key, retry });
    await this.context.chat.directMessage(
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
      await this.templateProblem(
        incident,
        channel,
        'hand-off brief',
        brief.fallbackError,
        `${key}-template`,
        retry,
      );
  }

  private async templateProblem(
    incident: Incident,
    channel: string,
    what: string,
    error: string,
    key: string,
    retry: boolean,
  ): Promise<void> {
    this.context.logger.error(
      { incident: incident.id, template: what, error },
      'template failed; used the built-in one',
    );
    await this.context.chat.post(
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

  /**
   * The page runs in its own lane, beside the channel's creation; it waits a moment for the channel
   * so that the alert can link to it, but never for long: Slack being down must not delay a page.
   */
  private async withChannel(
    incident: Incident,
    refs: Record<string, string>,
  ): Promise<Record<string, string>> {
    if (refs.channel || !this.deps.settings.channelUrl) return refs;
    for (let waited = 0; waited < PAGE_WAITS_FOR_CHANNEL_MS; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const fresh = await this.deps.store.refs(incident.id);
      if (fresh.channel) return fresh;
    }
    return refs;
  }

  private async page(incident: Incident, known: Record<string, string>): Promise<void> {
    const pager = this.deps.pager;
    const service = this.service(incident);
    const envName = service?.pagerduty?.routingKeyEnv;
    if (!pager || !service || !envName) return;
    const routingKey = this.deps.settings.routingKey(envName);
    if (!routingKey)
      throw new EffectError(`${envName} is not set, so the ${service.name} routing key is unknown`, false);
    const refs = await this.withChannel(incident, known);
    const key = dedupKey(incident);
    const alert: Alert = {
      routingKey,
      dedupKey: key,
      summary: `${incident.id} ${incident.title}`.slice(0, 1024),
      severity: ALERT_SEVERITY[incident.severity],
      source: 'firewatch',
      timestamp: incident.milestones.declaredAt,
      customDetails: {
        incident: incident.id,
        severity: incident.severity,
        status: incident.status,
        service: service.name,
        commander: incident.roles.commander,
        ...(refs.channelName ? { channel: `#${refs.channelName}` } : {}),
      },
      links:
        refs.channel && this.deps.settings.channelUrl
          ? [
              {
                href: this.deps.settings.channelUrl(refs.channel),
                text: `Slack: #${refs.channelName ?? refs.channel}`,
              },
            ]
          : [],
    };
    await pager.trigger(alert);
    const page = incident.page;
    if (page?.dedupKey === key && page.triggeredAt && !page.resolvedAt) return;
    await changeIncident(this.deps, incident.id, PAGERDUTY, () => [
      { kind: 'paged', service: service.name, dedupKey: key },
    ]);
  }

  private async resolvePage(incident: Incident): Promise<void> {
    const pager = this.deps.pager;
    const service = this.service(incident);
    const envName = service?.pagerduty?.routingKeyEnv;
    const routingKey = envName ? this.deps.settings.routingKey(envName) : undefined;
    if (!pager || !service || !routingKey || !incident.page) return;
    await pager.resolve(routingKey, incident.page.dedupKey);
    if (incident.page.resolvedAt) return;
    await changeIncident(this.deps, incident.id, PAGERDUTY, () => [
      { kind: 'page_resolved', service: service.name },
    ]);
  }

  private async inviteOnCall(
    incident: Incident,
    channel: string,
    refs: Record<string, string>,
  ): Promise<void> {
    const { pager, directory } = this.deps;
    const policy = this.service(incident)?.pagerduty?.escalationPolicyId;
    if (!pager || !directory || !policy) return;
    const { now } = await pager.onCall(policy);
    const firstLevel = now.filter(
      (person) => person.escalationLevel === Math.min(...now.map((p) => p.escalationLevel)),
    );
    const named: OnCallName[] = [];
    for (const person of firstLevel) {
      const user = person.email ? await directory.findByEmail(person.email) : undefined;
      named.push({ name: person.name, ...(user ? { user } : {}) });
    }
    const users = new Set(named.flatMap((person) => (person.user ? [person.user] : [])));
    const fresh = [...users].filter((user) => !incident.participants.includes(user));
    if (fresh.length > 0) await this.context.chat.invite(channel, fresh);
    const onCall = JSON.stringify(named);
    const cardChanges = named.length > 0 && refs.oncall !== onCall;
    if (cardChanges) await this.deps.store.setRef(incident.id, 'oncall', onCall);
    if (fresh.length === 0 && !cardChanges) return;
    await changeIncident(
      this.deps,
      incident.id,
      PAGERDUTY,
      () => fresh.map((user) => ({ kind: 'participant_added' as const, user, reason: 'oncall' as const })),
      cardChanges ? { effects: [{ type: 'cards.refresh' }] } : {},
    );
  }

  private async publishPostmortem(
    incident: Incident,
    refs: Record<string, string>,
    requestedBy: string | undefined,
  ): Promise<void> {
    const { store } = this.deps;
    const documents = this.context.documents;
    const timeline = await store.timeline(incident.id);
    const draft = documents.postmortem(await documentInput(this.deps, incident, refs, timeline));
    const path = await documents.savePostmortem(incident, draft.markdown);
    if (refs.channel) {
      await this.context.chat.upload(refs.channel, {
        filename: path.split(/[\\/]/).pop() ?? `${incident.id}.md`,
        title: `${incident.id} postmortem draft`,
        content: draft.markdown,
        comment: `📝 Postmortem draft for ${incident.id}, written from the timeline. Edit it, then discuss it blamelessly.`,
        path,
      });
      if (draft.fallbackError)
        await this.templateProblem(
          incident,
          refs.channel,
          'postmortem',
          draft.fallbackError,
          `postmortem-template-${incident.id}-${timeline.length}`,
          false,
        );
    }
    await changeIncident(this.deps, incident.id, requestedBy ?? FIREWATCH, () => [
      { kind: 'postmortem_generated', path, fallback: draft.fallbackError !== undefined },
    ]);
  }
}
