import type { UserId } from '../domain/incident.js';
import type { ChatPort, PostOptions } from '../effects/ports.js';
import type { Message } from '../messages/model.js';
import { messageToText, richToText, type TextStyle } from './render-text.js';

export interface ConsoleOutput {
  write(text: string): void;
}

/** Prints, channel by channel, what the bot would post in Slack. Channels are their names here. */
export class ConsoleChat implements ChatPort {
  private posts = 0;

  constructor(
    private readonly out: ConsoleOutput,
    private readonly style: () => TextStyle,
  ) {}

  print(channel: string, lines: string[]): void {
    const prefix = channel.startsWith('@') ? channel : `#${channel.replace(/^#/, '')}`;
    const [first = '', ...rest] = lines;
    this.out.write(`${prefix}: ${first}\n${rest.map((line) => `    ${line}\n`).join('')}`);
  }

  async createChannel(request: { name: string; private: boolean }): Promise<{ id: string; name: string }> {
    this.print(request.name, [`(${request.private ? 'private ' : ''}channel created)`]);
    return { id: request.name, name: request.name };
  }

  async invite(channel: string, users: UserId[]): Promise<void> {
    this.print(channel, [`(invited ${users.map((user) => this.mention(user)).join(', ')})`]);
  }

  async setTopic(channel: string, topic: string): Promise<void> {
    this.print(channel, [`(topic: ${topic})`]);
  }

  async post(
    channel: string,
    message: Message,
    _options: PostOptions,
  ): Promise<{ ts: string; channel: string }> {
    this.print(channel, messageToText(message, this.style()));
    this.posts += 1;
    return { ts: String(this.posts), channel };
  }

  async update(channel: string, _ts: string, message: Message): Promise<void> {
    this.print(channel, [`(card updated: ${richToText(message.summary, this.style())})`]);
  }

  async pin(channel: string): Promise<void> {
    this.print(channel, ['(pinned the incident card)']);
  }

  async directMessage(user: UserId, message: Message, _options: PostOptions): Promise<void> {
    this.print(`@${user} (direct message)`, messageToText(message, this.style()));
  }

  async upload(
    channel: string,
    file: { filename: string; title: string; comment: string; path: string },
  ): Promise<void> {
    this.print(channel, [file.comment, `(uploaded ${file.filename}; written to ${file.path})`]);
  }

  mention(user: UserId): string {
    return `@${user}`;
  }
}
