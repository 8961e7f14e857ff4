import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.js';
import { postToSlackEndpoint, slackSignature } from '../support/signing.js';
import {
  buttonClick,
  type Firewatch,
  SIGNING_SECRET,
  startFirewatch,
  viewSubmission,
} from '../support/slack-harness.js';

let firewatch: Firewatch | undefined;
let ownSlack: FakeSlack | undefined;
afterEach(async () => {
  await firewatch?.stop();
  await ownSlack?.stop();
  firewatch = undefined;
  ownSlack = undefined;
});

function buttonPayload(action: string, value: string, user: string, channel: string, responseUrl: string) {
  return buttonClick({ action, value, user, channel: { id: channel }, responseUrl });
}

describe('Firewatch in Slack, end to end against a local fake Slack', () => {
  it('walks an incident from declare to resolve', async () => {
    const slack = new FakeSlack();
    await slack.start();
    ownSlack = slack;
    const announce = slack.createChannel('incidents');
    firewatch = await startFirewatch({ slack, env: { INCIDENT_ANNOUNCE_CHANNEL: announce.id } });

    const declared = await firewatch.command(
      'declare sev2 service:payments Card payments <!channel> timing out &amp; failing &lt;https://evil.example|PagerDuty login&gt;',
    );
    expect(declared.status).toBe(200);
    const ack = declared.json() as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('Declared INC-1');
    await firewatch.settle();

    const channel = [...slack.channels.values()].find((made) =>
      made.name.startsWith('inc-1-card-payments-channel-timing-out-failing'),
    );
    expect(channel).toBeDefined();
    expect(channel!.is_private).toBe(false);
    expect([...channel!.members]).toContain('UALICE');
    // Typed literally, a dressed-up link stays text in the topic too (escaped).
    expect(channel!.topic).toContain(
      'INC-1 Card payments @channel timing out &amp; failing &lt;https://evil.example|PagerDuty login&gt;',
    );
    const card = channel!.messages[0]!;
    expect(card.text).toContain('INC-1 SEV2 investigating');
    expect(channel!.pins.has(card.ts)).toBe(true);
    expect(channel!.messages[1]!.text).toContain('Payments runbook');
    expect(announce.messages).toHaveLength(1);
    expect(announce.members.has(slack.botUserId)).toBe(true); // it joined to post the living card
    // Escaped, not a ping.
    expect(JSON.stringify(card.blocks)).toContain('@channel');
    expect(JSON.stringify(card.blocks)).not.toContain('<!channel>');

    const inChannel = { channel: channel!.id, channelName: channel!.name };
    const moved = await firewatch.command('status monitoring Failed over to Adyen', inChannel);
    expect((moved.json() as { text: string }).text).toContain('INC-1 is now *👀 monitoring*');
    await firewatch.settle();
    expect(JSON.stringify(channel!.messages.at(-1)!.blocks)).toContain('Status investigating → *monitoring*');
    expect(card.text).toContain('INC-1 SEV2 monitoring');
    expect(announce.messages[0]!.text).toContain('INC-1 SEV2 monitoring');

    const illegal = await firewatch.command('close', inChannel);
    const refusal = illegal.json() as { text: string; blocks: unknown[] };
    expect(refusal.text).toContain('only a resolved incident can be closed');
    expect(JSON.stringify(refusal.blocks)).toContain(
      'From monitoring it can move to: investigating, identified, resolved',
    );

    const said = slack.say(channel!, 'UBOB', 'Error rate is dropping <!here>');
    const pinEvent = {
      type: 'reaction_added',
      user: 'UCAROL',
      reaction: 'pushpin',
      item_user: 'UBOB',
      item: { type: 'message', channel: channel!.id, ts: said.ts },
      event_ts: said.ts,
    };
    expect((await firewatch.event(pinEvent, { eventId: 'EvPIN1' })).status).toBe(200);
    await firewatch.event(pinEvent, { eventId: 'EvPIN1' }); // Slack retrying the same delivery
    await firewatch.settle(async () =>
      (await firewatch!.server.core.store.timeline('INC-1')).some((event) => event.kind === 'note_added'),
    );
    await firewatch.settle();
    const notes = (await firewatch.server.core.store.timeline('INC-1')).filter(
      (event) => event.kind === 'note_added',
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      source: 'pin',
      author: 'UBOB',
      actor: 'UCAROL',
      text: 'Error rate is dropping @here',
      at: new Date(Math.floor(Number(said.ts) * 1000)).toISOString(),
    });
    expect((notes[0] as { permalink?: string }).permalink).toContain(channel!.id);

    const resolved = await firewatch.command('resolve Stripe recovered; failed back', inChannel);
    expect((resolved.json() as { text: string }).text).toContain('INC-1 is resolved');
    await firewatch.settle();
    expect(channel!.files).toHaveLength(1);
    expect(channel!.files[0]!.content).toContain('# INC-1: Card payments @channel timing out & failing');
    expect(channel!.files[0]!.content).toContain('Pinned message from');
    expect(announce.messages[0]!.text).toContain('INC-1 SEV2 resolved');
    expect(JSON.stringify(announce.messages[0]!.blocks)).not.toContain('take_command');

    expect(slack.problems).toEqual([]);
  });

  it('runs the card buttons through the same use cases, so a second click changes nothing', async () => {
    firewatch = await startFirewatch();
    await firewatch.command('declare sev1 Checkout down');
    await firewatch.settle();
    const channel = firewatch.slack.channelNamed('inc-1-checkout-down')!;
    await firewatch.interact(
      buttonPayload('take_command', 'INC-1', 'UBOB', channel.id, `${firewatch.slack.url}/response/take1`),
    );
    await firewatch.interact(
      buttonPayload('take_command', 'INC-1', 'UBOB', channel.id, `${firewatch.slack.url}/response/take2`),
    );
    await firewatch.settle(() => firewatch!.slack.responses.length >= 2);
    const texts = firewatch.slack.responses.map((response) => String(response.body.text));
    expect(texts[0]).toContain('is now commander of INC-1');
    expect(texts[1]).toContain('already the commander');
    const incident = (await firewatch.server.core.store.load('INC-1'))!.incident;
    expect(incident.roles.commander).toBe('UBOB');
    expect(incident.milestones.acknowledgedAt).toBeDefined();
    await firewatch.settle();
    expect([...channel.members]).toContain('UBOB');

    await firewatch.interact(
      buttonPayload('resolve', 'INC-1', 'UBOB', channel.id, `${firewatch.slack.url}/response/r1`),
    );
    await firewatch.settle(() => firewatch!.slack.views.length === 1);
    expect(firewatch.slack.views[0]).toMatchObject({ callback_id: 'resolve_incident' });
    expect(firewatch.slack.problems).toEqual([]);
  });

  it('asks before a correction that moves a duration by over a day, and applies it from the button', async () => {
    firewatch = await startFirewatch();
    await firewatch.command('declare sev2 Checkout down');
    await firewatch.settle();
    const channel = firewatch.slack.channelNamed('inc-1-checkout-down')!;
    const asked = (
      await firewatch.command('set impact-start 2020-01-01T00:00Z', { channel: channel.id })
    ).json() as {
      text: string;
      blocks: Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;
    };
    expect(asked.text).toContain('Confirm');
    const button = asked.blocks
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === 'confirm_milestone')!;
    const before = (await firewatch.server.core.store.load('INC-1'))!.incident.milestones.impactStartedAt;
    expect(before).not.toBe('2020-01-01T00:00:00.000Z');

    const click = buttonPayload(
      'confirm_milestone',
      button.value,
      'UALICE',
      channel.id,
      `${firewatch.slack.url}/response/confirm`,
    );
    expect((await firewatch.interact(click)).status).toBe(200);
    await firewatch.settle(() =>
      firewatch!.slack.responses.some((sent) => sent.path === '/response/confirm'),
    );
    const answer = firewatch.slack.responses.find((sent) => sent.path === '/response/confirm')!;
    expect(answer.body).toMatchObject({ replace_original: true });
    expect(String(answer.body.text)).toContain('Impact start of INC-1 set to');
    expect((await firewatch.server.core.store.load('INC-1'))!.incident.milestones.impactStartedAt).toBe(
      '2020-01-01T00:00:00.000Z',
    );
    expect(firewatch.slack.problems).toEqual([]);
  });

  it('refuses a card button to someone taking no part under INCIDENT_EDITORS=participants', async () => {
    const slack = new FakeSlack();
    await slack.start();
    ownSlack = slack;
    const announce = slack.createChannel('incidents', { members: [slack.botUserId] });
    firewatch = await startFirewatch({
      slack,
      env: { INCIDENT_ANNOUNCE_CHANNEL: announce.id, INCIDENT_EDITORS: 'participants' },
    });
    await firewatch.command('declare sev2 Checkout down');
    await firewatch.settle();
    // A Take command click from outside the incident's channel, by someone who never joined it.
    await firewatch.interact(
      buttonPayload('take_command', 'INC-1', 'UMALLORY', announce.id, `${slack.url}/response/mallory`),
    );
    await firewatch.settle(() => slack.responses.some((sent) => sent.path === '/response/mallory'));
    const answer = slack.responses.find((sent) => sent.path === '/response/mallory')!;
    expect(String(answer.body.text)).toContain('Only the people taking part in INC-1 may change it.');
    expect((await firewatch.server.core.store.load('INC-1'))!.incident.roles.commander).toBe('UALICE');
  });

  it('opens the declare form for a declare without a title, and declares from it', async () => {
    firewatch = await startFirewatch();
    const response = await firewatch.command('declare sev1 service:database');
    expect(response.status).toBe(200);
    await firewatch.settle(() => firewatch!.slack.views.length === 1);
    const view = firewatch.slack.views[0] as {
      callback_id: string;
      private_metadata: string;
      blocks: Array<{ block_id: string; element: { initial_option?: { value: string } } }>;
    };
    expect(view.callback_id).toBe('declare_incident');
    expect(view.blocks.find((block) => block.block_id === 'severity')?.element.initial_option?.value).toBe(
      'SEV1',
    );
    expect(view.blocks.find((block) => block.block_id === 'service')?.element.initial_option?.value).toBe(
      'database',
    );
    const submission = viewSubmission('UALICE', view, {
      title: { value: { type: 'plain_text_input', value: 'Primary DB refusing writes' } },
      severity: { value: { type: 'static_select', selected_option: { value: 'SEV1' } } },
      service: { value: { type: 'static_select', selected_option: { value: 'database' } } },
      private: { value: { type: 'checkboxes', selected_options: [{ value: 'private' }] } },
      description: { value: { type: 'plain_text_input', value: 'Writes fail since 14:50' } },
    });
    const submitted = await firewatch.interact(submission);
    expect(submitted.status).toBe(200);
    await firewatch.settle();
    const incident = (await firewatch.server.core.store.load('INC-1'))!.incident;
    expect(incident).toMatchObject({
      title: 'Primary DB refusing writes',
      severity: 'SEV1',
      service: 'database',
      private: true,
      description: 'Writes fail since 14:50',
    });
    expect(firewatch.slack.channelNamed('inc-1-primary-db-refusing-writes')?.is_private).toBe(true);
    expect(firewatch.slack.ephemerals.at(-1)?.text).toContain('Declared INC-1');
  });

  it('answers 401 to unsigned, forged and replayed requests, and writes nothing', async () => {
    firewatch = await startFirewatch();
    const body = new URLSearchParams({
      command: '/incident',
      text: 'declare sev1 Forged',
      user_id: 'UEVE',
      channel_id: 'C1',
      team_id: 'T1',
      trigger_id: '1.1.a',
      response_url: 'http://127.0.0.1:1/x',
    }).toString();
    const unsigned = await postToSlackEndpoint(firewatch.url, body, { signature: null });
    const forged = await postToSlackEndpoint(firewatch.url, body, {
      signature: slackSignature('wrong-secret', Math.floor(Date.now() / 1000), body),
    });
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const replayed = await postToSlackEndpoint(firewatch.url, body, {
      timestamp: stale,
      signature: slackSignature(SIGNING_SECRET, stale, body),
    });
    const tampered = await postToSlackEndpoint(firewatch.url, `${body}&x=1`, {
      signature: slackSignature(SIGNING_SECRET, Math.floor(Date.now() / 1000), body),
    });
    expect([unsigned.status, forged.status, replayed.status, tampered.status]).toEqual([401, 401, 401, 401]);
    expect(await firewatch.server.core.store.nextIncidentNumber()).toBe(1);
  });

  it('reports health on /healthz', async () => {
    firewatch = await startFirewatch();
    const response = await fetch(`http://127.0.0.1:${firewatch.server.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('hand-offs and runbooks in Slack', () => {
  it('hands command over: invite, brief in the channel, a direct message, and both cards updated', async () => {
    const slack = new FakeSlack();
    await slack.start();
    ownSlack = slack;
    const announce = slack.createChannel('incidents');
    firewatch = await startFirewatch({ slack, env: { INCIDENT_ANNOUNCE_CHANNEL: announce.id } });
    await firewatch.command('declare sev2 service:payments Card payments timing out');
    await firewatch.settle();
    const channel = slack.channelNamed('inc-1-card-payments-timing-out')!;
    const where = { channel: channel.id, channelName: channel.name };
    const answer = await firewatch.command('handoff <@UDAVE|dave> Watch Adyen capacity', where);
    expect((answer.json() as { text: string }).text).toContain('<@UDAVE> now leads INC-1');
    await firewatch.settle();
    expect(channel.members.has('UDAVE')).toBe(true);
    const brief = channel.messages.find((message) =>
      JSON.stringify(message.blocks).includes('Hand-off: INC-1'),
    )!;
    expect(JSON.stringify(brief.blocks)).toContain('<@UALICE> hands command to *<@UDAVE>*');
    const dm = slack.channelNamed('dm-udave')!;
    expect(dm.messages[0]!.text).toContain('You now lead INC-1');
    for (const card of [channel.messages[0]!, announce.messages[0]!]) {
      expect(String(card.blocks)).toContain('*Commander*\\n<@UDAVE>');
    }
    expect(slack.problems).toEqual([]);
  });

  it('shows a runbook: its first section, dashboards as buttons, and a link to the rest', async () => {
    firewatch = await startFirewatch({
      env: { RUNBOOK_BASE_URL: 'https://git.example.com/ops/runbooks/blob/main' },
    });
    const answer = (await firewatch.command('runbook checkout')).json() as {
      text: string;
      blocks: Array<Record<string, unknown>>;
    };
    const blocks = JSON.stringify(answer.blocks);
    expect(blocks).toContain('📖 Payments runbook');
    expect(blocks).toContain('*First checks*');
    expect(blocks).toContain('"url":"https://grafana.example.com/d/payments/overview"');
    expect(blocks).toContain('<https://git.example.com/ops/runbooks/blob/main/payments.md|Whole runbook>');
    const unknown = (await firewatch.command('runbook paymnts')).json() as { text: string };
    expect(unknown.text).toContain('Did you mean "payments"');
  });
});
