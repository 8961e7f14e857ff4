import type { UserId } from '../domain/incident.js';
import type { Pager } from '../domain/pager.js';
import type { Clock, IncidentStore, ServiceCatalog, UserDirectory } from '../domain/ports.js';
import type { ReminderPolicy } from '../domain/reminders.js';
import type { Severity } from '../domain/severity.js';

export interface Settings {
  channelPrefix: string;
  /** Channel id (Slack) or name (console) for the living announcement cards. */
  announceChannel?: string;
  pageSeverities: readonly Severity[];
  reminders: ReminderPolicy;
  runbookBaseUrl?: string;
  /** A link that opens a channel, for pages and documents; absent where channels have no URL. */
  channelUrl?(channel: string): string;
  /** Reads a routing key from the environment variable a runbook names. */
  routingKey(envName: string): string | undefined;
}

/** What every use case may use. Built once, in main.ts. */
export interface Deps {
  store: IncidentStore;
  clock: Clock;
  catalog: ServiceCatalog;
  settings: Settings;
  /** Absent when PagerDuty is not configured (no PAGERDUTY_TOKEN). */
  pager?: Pager;
  /** Maps PagerDuty users to chat users by email; absent in the console. */
  directory?: UserDirectory;
}

/** Who is asking, and from where. */
export interface Actor {
  user: UserId;
  /** The channel the command was typed in (Slack id, or console name). */
  channel?: string;
  /** IANA zone for reading `HH:MM` times. */
  zone: string;
}
