import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../src/commands/registry.js';
import { loadConfig } from '../../src/config.js';
import { ConsoleChat } from '../../src/console/console-chat.js';
import type { UserId } from '../../src/domain/incident.js';
import type { PostOptions } from '../../src/effects/ports.js';
import { composeCore, createWorker } from '../../src/main.js';
import { isKnownAction } from '../../src/messages/actions.js';
import type { Message } from '../../src/messages/model.js';
import type { SlackContext } from '../../src/slack/context.js';
import { listenerRoutes } from '../../src/slack/listeners/index.js';
import { renderMessage } from '../../src/slack/render-blocks.js';
import { recordDeployment } from '../../src/usecases/record-deployment.js';
import { sendDueReminders } from '../../src/usecases/send-reminders.js';
import { ManualClock } from '../support/clock.js';
import { actor, REPO, run, silentLogger } from '../support/harness.js';
import { tempDir } from '../support/temp.js';

/** A chat that keeps every message the effects post, update or send directly. */
class RecordingChat extends ConsoleChat {
  readonly messages: Message[] = [];
  constructor() {
    super({ write: () => {} }, () => ({ zone: 'UTC' }));
  }
  override async post(channel: string, message: Message, options: PostOptions) {
    this.messages.push(message);
    return super.post(channel, message, options);
  }
  override async update(channel: string, ts: string, message: Message) {
    this.messages.push(message);
    return super.update(channel, ts, message);
  }
  override async directMessage(user: UserId, message: Message, options: PostOptions) {
    this.messages.push(message);
    return super.directMessage(user, message, options);
  }
}

/**
 * Every message the bot produces in a whole incident: each verb's reply (every verb is typed at
 * least once) and everything the effects post in the channels, including cards, runbooks with
 * dashboard buttons, event messages, reminders, the hand-off brief and the postmortem.
 */
async function everyMessage(): Promise<{ messages: Message[]; verbsTyped: Set<string> }> {
  // Composed the way main() composes it, with the console's chat recording what it is told.
  const dir = tempDir();
  const config = loadConfig({
    DATABASE_URL: path.join(dir, 'firewatch.db'),
    RUNBOOKS_DIR: path.join(REPO, 'runbooks'),
    TEMPLATES_DIR: path.join(REPO, 'templates'),
    POSTMORTEMS_DIR: path.join(dir, 'postmortems'),
    INCIDENT_ANNOUNCE_CHANNEL: 'announcements',
  });
  const clock = new ManualClock();
  const core = await composeCore(config, { clock, logger: silentLogger });
  const { deps } = core;
  const chat = new RecordingChat();
  const worker = createWorker(core, chat, { concurrency: 1 });
  const inChannel = actor('alice', 'inc-1-edge-errors');
  // A deployment for `cause` to name (the declaration below suggests it, too).
  await recordDeployment(
    deps,
    {
      service: 'api-gateway',
      environment: 'production',
      sha: 'abc1234',
      status: 'success',
      finishedAt: new Date(clock.now().getTime() - 60_000).toISOString(),
    },
    { source: 'cli' },
  );
  const script: Array<[string, ReturnType<typeof actor>?]> = [
    ['help'],
    ['help status'],
    ['declare sev3 service:api-gateway Edge errors'],
    ['list'],
    ['oncall'],
    ['runbook', inChannel],
    ['status identified Bad config push', inChannel],
    ['update Rolling back', inChannel],
    ['sev 2 More regions', inChannel],
    ['assign scribe @bob', inChannel],
    ['note Rollback started', inChannel],
    ['private', inChannel],
    ['public', inChannel],
    ['set impact-start 2026-11-26T13:55:00Z', inChannel],
    // Over a day earlier: asked about, with the button that applies it.
    ['set impact-start 2026-11-20T13:55:00Z', inChannel],
    ['impact 40%', inChannel],
    ['action Lint the config @bob due:2026-12-01', inChannel],
    ['actions', inChannel],
    ['done A1', inChannel],
    ['cause deploy:abc1234 the edge config change', inChannel],
    ['handoff @carol Watch the error rate', inChannel],
    ['resolve Rolled back', inChannel],
    ['reopen Errors again', inChannel],
    ['resolve Fixed for good', inChannel],
    ['postmortem', inChannel],
    ['close', inChannel],
    ['shift 24h'],
    ['stats'],
    ['slo api-gateway'],
    ['dora'],
    ['deploys api-gateway'],
    ['record sev4 service:api-gateway Blip found in review from:2026-11-20T10:00Z to:2026-11-20T10:20Z'],
  ];
  const messages: Message[] = [];
  const verbsTyped = new Set<string>();
  for (const [text, who] of script) {
    verbsTyped.add(text.split(' ')[0]!);
    const reply = await run(deps, text, who).catch((error: { code?: string }) => {
      // Without PagerDuty, `oncall` is refused with words; the refusal is a message too.
      if (text === 'oncall' && error.code === 'NOT_CONFIGURED') return undefined;
      throw error;
    });
    if (reply) messages.push(reply.message);
    clock.advance('1m');
    await worker.drain();
    if (text.startsWith('note')) {
      // Long enough without an update for the reminders to speak up.
      clock.advance('2h');
      await sendDueReminders(deps);
      await worker.drain();
    }
  }
  return { messages: [...messages, ...chat.messages], verbsTyped };
}

/** The action ids in a rendered message's interactive blocks. */
function actionIds(message: Message): string[] {
  return renderMessage(message).blocks.flatMap((block) =>
    block.type === 'actions'
      ? (block.elements as Array<{ action_id: string }>).map((element) => element.action_id)
      : [],
  );
}

/** The action ids (strings or patterns) the Slack listeners wait for. */
function listenedActions(): Array<string | RegExp> {
  return listenerRoutes({} as SlackContext).actions.map((route) => route.id);
}

describe('buttons', () => {
  it('each action id a message renders has a listener, and each listener an id some message renders', async () => {
    const { messages, verbsTyped } = await everyMessage();
    const rendered = new Set(messages.flatMap(actionIds));
    const listened = listenedActions();
    const heard = (id: string) =>
      listened.some((matcher) => (typeof matcher === 'string' ? matcher === id : matcher.test(id)));

    expect([...rendered].filter((id) => !heard(id))).toEqual([]);
    expect([...rendered].filter((id) => !isKnownAction(id))).toEqual([]);
    const unheardOf = listened.filter((matcher) =>
      typeof matcher === 'string' ? !rendered.has(matcher) : ![...rendered].some((id) => matcher.test(id)),
    );
    expect(unheardOf).toEqual([]);
    // The incident card's buttons and a runbook's dashboard links were among them.
    expect(rendered).toContain('take_command');
    expect(rendered).toContain('open_link_0');
    expect([...verbsTyped].sort()).toEqual([...VERBS].sort());
  });

  it('are built only where this test renders them', () => {
    const builders = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return builders(full);
        const source = entry.name.endsWith('.ts') ? fs.readFileSync(full, 'utf8') : '';
        return /type: '(buttons|links)'/.test(source) ? [path.relative(REPO, full)] : [];
      });
    // A new file that builds buttons needs its messages in the scenario above.
    expect(builders(path.join(REPO, 'src')).filter((file) => !file.endsWith('model.ts'))).toEqual([
      'src/messages/confirmation.ts',
      'src/messages/incident-card.ts',
      'src/messages/runbook.ts',
    ]);
  });
});
