import type { Deployment } from '../domain/deployments.js';
import type { ErrorBudgetInput } from '../domain/error-budget.js';
import type { TimelineEvent } from '../domain/events.js';
import type { Incident, UserId } from '../domain/incident.js';
import type { Instant } from '../domain/time.js';
import type { Message } from '../messages/model.js';

export interface PostOptions {
  /** Identifies this post across retries, so a message that did get through is not posted twice. */
  key: string;
  /** True when an earlier attempt may have posted it already. */
  retry: boolean;
}

/** Where the bot talks: Slack, or the console printing what Slack would show. */
export interface ChatPort {
  /**
   * Creates the incident channel. When the name is taken, a channel this bot created for the
   * incident (after `createdAfter`) is adopted; any other gets a numeric suffix instead.
   */
  createChannel(request: {
    name: string;
    private: boolean;
    createdAfter: Instant;
  }): Promise<{ id: string; name: string }>;
  invite(channel: string, users: UserId[]): Promise<void>;
  setTopic(channel: string, topic: string): Promise<void>;
  /** Returns the message's timestamp and the channel id it landed in (a name may have been given). */
  post(channel: string, message: Message, options: PostOptions): Promise<{ ts: string; channel: string }>;
  update(channel: string, ts: string, message: Message): Promise<void>;
  pin(channel: string, ts: string): Promise<void>;
  directMessage(user: UserId, message: Message, options: PostOptions): Promise<void>;
  upload(
    channel: string,
    file: { filename: string; title: string; content: string; comment: string; path: string },
  ): Promise<void>;
  /** How to mention a person in text this surface renders (`<@U123>` in Slack, `@alice` in the console). */
  mention(user: UserId): string;
}

export interface RenderedDocument {
  markdown: string;
  /** Set when the user's template failed and the built-in one was used instead. */
  fallbackError?: string;
  /** The error-budget policy asks for a P0 follow-up (a postmortem): its words. */
  p0Request?: string;
}

export interface DocumentInput {
  incident: Incident;
  timeline: TimelineEvent[];
  now: Instant;
  /** How to write each person who appears (a name in a file, a mention in a chat message). */
  people: Record<UserId, string>;
  /** The commander's time zone, for the second time column. */
  zone: string;
  channelName?: string;
  channelUrl?: string;
  runbookUrl?: string;
  /** The service's SLOs and the incidents that may have spent their budgets (this one among them). */
  errorBudget?: ErrorBudgetInput;
  /** The deployment linked as its cause, with the changes it shipped, when it is still on record. */
  cause?: Deployment;
}

/** Markdown documents rendered from templates: the postmortem draft and the hand-off brief. */
export interface Documents {
  postmortem(input: DocumentInput): RenderedDocument;
  handoffBrief(
    input: DocumentInput & { handoff: Extract<TimelineEvent, { kind: 'handed_off' }> },
  ): RenderedDocument;
  /** Writes the draft to the postmortems folder; returns its path. */
  savePostmortem(incident: Incident, markdown: string): Promise<string>;
}
