import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { parseUser } from '../commands/cursor.js';
import { handleCommand } from '../commands/router.js';
import { declare } from '../commands/verbs/declare.js';
import type { Actor, Deps } from '../usecases/context.js';
import { isValidZone } from '../usecases/zoned-time.js';
import type { ConsoleChat, ConsoleOutput } from './console-chat.js';
import { messageToText } from './render-text.js';

export interface ConsoleSession {
  user: string;
  channel: string;
  zone: string;
}

export interface ConsoleOptions {
  deps: Deps;
  chat: ConsoleChat;
  input: Readable;
  output: ConsoleOutput;
  /** A terminal gets a prompt; a pipe gets each command echoed, so the transcript reads like a chat. */
  interactive: boolean;
  session: ConsoleSession;
  /** Runs the effects the last command recorded (and any due reminders), before the next line. */
  settle(): Promise<void>;
  unexpected(error: unknown): string;
}

const CONSOLE_HELP = [
  'Console commands:',
  '  /incident …        any Firewatch command (the /incident is optional)',
  '  :as @alice         act as another person',
  '  :in #channel       type in another channel (an incident channel implies its incident)',
  '  :tz Europe/Paris   read and show times in another zone',
  '  :who               who and where you are',
  '  :quit              leave (end of input works too)',
];

/**
 * The local console: the same commands, use cases and database as Slack, with what the bot would
 * post printed per channel. Reads stdin line by line, from a terminal or a pipe.
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { output, session } = options;
  const style = () => ({ zone: session.zone });
  const where = () => `@${session.user} in #${session.channel}`;
  const rl = readline.createInterface({
    input: options.input,
    ...(options.interactive ? { output: process.stdout, terminal: true } : {}),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const prompt = () => {
    if (!options.interactive) return;
    rl.setPrompt(`${where()}> `);
    rl.prompt();
  };
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (!options.interactive && line) output.write(`${where()}> ${line}\n`);
    if (!line || line.startsWith('#!')) {
      prompt();
      continue;
    }
    if (line.startsWith(':')) {
      if (!meta(line, session, output)) break;
      prompt();
      continue;
    }
    const actor: Actor = { user: session.user, channel: session.channel, zone: session.zone };
    const outcome = await handleCommand(options.deps, line, actor, { unexpected: options.unexpected });
    if ('form' in outcome) {
      output.write(
        `  (to you) A declare needs a title here: ${declare.usage} (in Slack this opens a form)\n`,
      );
    } else {
      const lines = messageToText(outcome.reply.message, style());
      const toYou = (shown: string[]) =>
        output.write(
          shown.map((text, index) => `  ${index === 0 ? '(to you) ' : '         '}${text}\n`).join(''),
        );
      if (outcome.reply.public) options.chat.print(session.channel, lines);
      else toYou(lines);
      if (outcome.reply.aside) toYou(messageToText(outcome.reply.aside, style()));
    }
    await options.settle();
    prompt();
  }
  rl.close();
}

/** Handles a `:` command; false means quit. */
function meta(line: string, session: ConsoleSession, output: ConsoleOutput): boolean {
  const [command = '', argument = ''] = line.split(/\s+/, 2);
  switch (command.toLowerCase()) {
    case ':q':
    case ':quit':
    case ':exit':
      return false;
    case ':as': {
      const user = parseUser(argument.startsWith('@') ? argument : `@${argument}`, {});
      if (!user) output.write('  :as needs a name, like :as @alice\n');
      else session.user = user;
      return true;
    }
    case ':in': {
      const channel = argument.replace(/^#/, '').toLowerCase();
      if (!/^[a-z0-9][a-z0-9_-]{0,79}$/.test(channel))
        output.write('  :in needs a channel name, like :in #inc-1-db-down\n');
      else session.channel = channel;
      return true;
    }
    case ':tz':
      if (!isValidZone(argument))
        output.write(`  "${argument}" is not a time zone; use an IANA name like Europe/Paris or UTC\n`);
      else session.zone = argument;
      return true;
    case ':who':
      output.write(`  You are @${session.user} in #${session.channel}; times in ${session.zone}.\n`);
      return true;
    default:
      output.write(`${CONSOLE_HELP.map((text) => `  ${text}`).join('\n')}\n`);
      return true;
  }
}
