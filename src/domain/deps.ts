import type { IncidentEditors } from './editors.js';
import type { ErrorBudgetPolicy } from './error-budget-policy.js';
import type { Pager } from './pager.js';
import type { Clock, IncidentStore, ServiceCatalog, UserDirectory } from './ports.js';
import type { ReminderPolicy } from './reminders.js';
import type { Severity } from './severity.js';

export interface Settings {
  channelPrefix: string;
  /** Channel id (Slack) or name (console) for the living announcement cards. */
  announceChannel?: string;
  pageSeverities: readonly Severity[];
  reminders: ReminderPolicy;
  /** What costly incidents and exhausted error budgets ask (ERROR_BUDGET_POLICY). */
  errorBudgetPolicy: ErrorBudgetPolicy;
  runbookBaseUrl?: string;
  /** A link that opens a channel, for pages and documents; absent where channels have no URL. */
  channelUrl?(channel: string): string;
  /** The environments whose deployments count towards DORA's four keys (DORA_ENVIRONMENTS); production by default. */
  doraEnvironments?: readonly string[];
  /** At most this many declarations per person or PagerDuty service a window (DECLARE_RATE_LIMIT); absent: no limit. */
  declareRateLimit?: { count: number; windowMs: number };
  /** Who may change an incident (INCIDENT_EDITORS); `anyone` when absent. */
  incidentEditors?: IncidentEditors;
  /** Reads a routing key from the environment variable a runbook names. */
  routingKey(envName: string): string | undefined;
}

/**
 * What every use case may use, and what effects read (effects write only through the outcome port,
 * domain/outcomes.ts). Built once, in main.ts.
 */
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
