import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.js';
import { buttonClick, type Firewatch, startFirewatch, viewSubmission } from '../support/slack-harness.js';

let firewatch: Firewatch | undefined;
/** What each test started, stopped after it in reverse order. */
const started: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const running of started.splice(0).reverse()) await running.stop();
  firewatch = undefined;
});

async function start(options: Parameters<typeof startFirewatch>[0] = {}): Promise<Firewatch> {
  firewatch = await startFirewatch(options);
  started.push(firewatch);
  return firewatch;
}

type Answer = { text: string; blocks?: unknown; response_type?: string };

/** Everything a person is shown, as one string: the text fallback and the blocks. */
function shown(answer: Answer): string {
  return `${answer.text} ${JSON.stringify(answer.blocks ?? [])}`;
}

async function withAnnouncements(): Promise<{ slack: FakeSlack; announce: string }> {
  const slack = new FakeSlack();
  await slack.start();
  started.push(slack);
  const announce = slack.createChannel('incidents').id;
  await start({ slack, env: { INCIDENT_ANNOUNCE_CHANNEL: announce } });
  return { slack, announce };
}

function leftEvent(user: string, channel: string) {
  return { type: 'member_left_channel', user, channel, channel_type: 'G', team: 'T1' };
}

describe('private incidents stay private', () => {
  it('posts a shift report in the channel with public incidents only, and gives the asker the private ones', async () => {
    firewatch = await start();
    await firewatch.command('declare private sev2 Leaked signing key');
    await firewatch.command('declare sev3 Checkout slow');
    await firewatch.settle();

    const before = firewatch.slack.responses.length;
    const posted = (await firewatch.command('shift 12h')).json() as Answer;
    expect(posted.response_type).toBe('in_channel');
    expect(shown(posted)).toContain('Checkout slow');
    expect(shown(posted)).not.toContain('Leaked signing key');
    expect(shown(posted)).not.toContain('INC-1');

    await firewatch.settle(() => firewatch!.slack.responses.length > before);
    const aside = firewatch.slack.responses.at(-1)!.body as Answer;
    expect(aside.response_type).toBe('ephemeral');
    expect(shown(aside)).toContain('Leaked signing key');
  });

  it('takes a private incident away from someone who leaves or is removed from its channel, and keeps them as a responder', async () => {
    firewatch = await start();
    await firewatch.command('declare private sev2 Leaked signing key');
    await firewatch.settle();
    const channel = firewatch.slack.channelNamed('inc-1-leaked-signing-key')!;
    const inChannel = { channel: channel.id, channelName: channel.name };
    await firewatch.command('assign scribe <@UBOB|bob>', inChannel);
    await firewatch.settle();
    const bob = { user: 'UBOB' };
    expect(shown(await firewatch.answer('list', bob))).toContain('Leaked signing key');

    await firewatch.event(leftEvent('UBOB', channel.id));
    await firewatch.settle();

    expect(shown(await firewatch.answer('list', bob))).not.toContain('Leaked signing key');
    for (const attempt of [
      'note INC-1 still here',
      'status INC-1 monitoring',
      'assign INC-1 commander <@UBOB>',
    ]) {
      expect((await firewatch.answer(attempt, bob)).text).toContain('There is no incident INC-1 you can see');
    }
    expect(shown(await firewatch.answer('shift', bob))).not.toContain('Leaked signing key');
    const stored = (await firewatch.server.core.store.load('INC-1'))!.incident;
    expect(stored.roles.commander).toBe('UALICE');
    expect(stored.participants).toContain('UBOB');
    const timeline = await firewatch.server.core.store.timeline('INC-1');
    expect(timeline.map((event) => event.kind)).toContain('participant_left');

    // Coming back (invited again) gives access back.
    await firewatch.event({ type: 'member_joined_channel', user: 'UBOB', channel: channel.id, team: 'T1' });
    await firewatch.settle();
    expect(shown(await firewatch.answer('list', bob))).toContain('Leaked signing key');
  });

  it('answers a private incident one may not see exactly as one that does not exist', async () => {
    firewatch = await start();
    await firewatch.command('declare private Leaked signing key');
    await firewatch.settle();
    const eve = { user: 'UEVE' };
    const hidden = (await firewatch.answer('note INC-1 hello', eve)).text;
    const missing = (await firewatch.answer('note INC-99 hello', eve)).text;
    expect(hidden.replace('INC-1', 'INC-n')).toBe(missing.replace('INC-99', 'INC-n'));
  });

  it('lets a channel member who is not yet a participant submit the card’s Add note form', async () => {
    firewatch = await start();
    await firewatch.command('declare private Leaked signing key');
    await firewatch.settle();
    const channel = firewatch.slack.channelNamed('inc-1-leaked-signing-key')!;
    channel.members.add('UCAROL');
    const clicked = await firewatch.interact(
      buttonClick({
        action: 'add_note',
        value: 'INC-1',
        user: 'UCAROL',
        channel: { id: channel.id, name: channel.name },
        responseUrl: `${firewatch.slack.url}/response/carol`,
      }),
    );
    expect(clicked.status).toBe(200);
    await firewatch.settle(() => firewatch!.slack.views.length === 1);
    const view = firewatch.slack.views[0] as { callback_id: string; private_metadata: string };
    const submitted = await firewatch.interact(
      viewSubmission('UCAROL', view, {
        text: { value: { type: 'plain_text_input', value: 'Rotated the key' } },
      }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    const timeline = await firewatch.server.core.store.timeline('INC-1');
    expect(timeline.find((event) => event.kind === 'note_added')).toMatchObject({
      actor: 'UCAROL',
      text: 'Rotated the key',
    });
  });
});

describe('declaring privately, however it is written', () => {
  it.each([
    ['private: Leaked signing key', 'Leaked signing key'],
    ['--private Leaked signing key', 'Leaked signing key'],
    ['[private] Leaked signing key', 'Leaked signing key'],
    ['(private) Leaked signing key', 'Leaked signing key'],
    ['Leaked signing key private', 'Leaked signing key'],
    ['sev2 Leaked signing key (private)', 'Leaked signing key'],
    ['private Private API outage', 'Private API outage'],
  ])('"declare %s" is private, unannounced, titled "%s"', async (typed, title) => {
    const { slack, announce } = await withAnnouncements();
    await firewatch!.command(`declare ${typed}`);
    await firewatch!.settle();
    const incident = (await firewatch!.server.core.store.load('INC-1'))!.incident;
    expect(incident).toMatchObject({ private: true, title });
    expect(slack.channels.get(announce)!.messages).toEqual([]);
    expect(
      [...slack.channels.values()].find((channel) => channel.name.startsWith('inc-1-'))?.is_private,
    ).toBe(true);
  });
});

describe('/incident private and /incident public', () => {
  it('lets the commander make an incident private: the announcement is withdrawn and others lose sight of it', async () => {
    const { slack, announce } = await withAnnouncements();
    await firewatch!.command('declare sev2 Card payments timing out');
    await firewatch!.settle();
    const channel = slack.channelNamed('inc-1-card-payments-timing-out')!;
    const inChannel = { channel: channel.id, channelName: channel.name };
    expect(JSON.stringify(slack.channels.get(announce)!.messages[0]!.blocks)).toContain('Card payments');

    const notCommander = await firewatch!.answer('private', { ...inChannel, user: 'UBOB' });
    expect(notCommander.text).toContain('Only the commander');

    const made = await firewatch!.answer('private', inChannel);
    expect(made.text).toContain('INC-1 is now private');
    // Slack lets only an Enterprise Grid org admin convert a channel; the commander is told so.
    expect(shown(made)).toContain('channel stays public in Slack');
    await firewatch!.settle();
    const card = slack.channels.get(announce)!.messages[0]!;
    expect(`${card.text} ${JSON.stringify(card.blocks ?? [])}`).not.toContain('Card payments');
    expect(shown(await firewatch!.answer('list', { user: 'UBOB' }))).not.toContain('Card payments');
    expect(shown(await firewatch!.answer('list'))).toContain('Card payments');
    expect((await firewatch!.answer('private', inChannel)).text).toContain('already private');

    const opened = await firewatch!.answer('public', inChannel);
    expect(opened.text).toContain('INC-1 is now public');
    await firewatch!.settle();
    expect(JSON.stringify(slack.channels.get(announce)!.messages[0]!.blocks)).toContain('Card payments');
    expect(shown(await firewatch!.answer('list', { user: 'UBOB' }))).toContain('Card payments');
    expect(slack.problems).toEqual([]);
  });
});
