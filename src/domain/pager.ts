import type { Incident } from './incident.js';
import type { Severity } from './severity.js';

/**
 * Routing keys are read at start from the variables whose names start with this; a runbook's
 * `routing_key_env` must name one of them.
 */
export const ROUTING_KEY_PREFIX = 'PD_ROUTING_';

/** Events API v2 severities. */
export type AlertSeverity = 'critical' | 'error' | 'warning' | 'info';

export const ALERT_SEVERITY: Record<Severity, AlertSeverity> = {
  SEV1: 'critical',
  SEV2: 'error',
  SEV3: 'warning',
  SEV4: 'info',
};

export interface Alert {
  routingKey: string;
  dedupKey: string;
  summary: string;
  severity: AlertSeverity;
  source: string;
  timestamp: string;
  customDetails: Record<string, unknown>;
  links: Array<{ href: string; text: string }>;
}

export interface OnCall {
  name: string;
  email?: string;
  escalationLevel: number;
  scheduleName?: string;
  /** Absent for permanent on-call. */
  start?: string;
  end?: string;
}

/** PagerDuty as Firewatch needs it: page, stop paging, and ask who is on call. */
export interface Pager {
  trigger(alert: Alert): Promise<void>;
  resolve(routingKey: string, dedupKey: string): Promise<void>;
  /** Who is on call for an escalation policy now, and who is next where schedules say. */
  onCall(escalationPolicyId: string): Promise<{ now: OnCall[]; next: OnCall[] }>;
}

/** The Events API dedup key: one alert per incident, unique even if the database is ever reset. */
export function dedupKey(incident: Incident): string {
  return `firewatch/${incident.id}/${incident.milestones.declaredAt.replace(/[-:]|\.\d+/g, '')}`;
}

/** The incident a dedup key of ours names (`firewatch/INC-7/…`), if it is one of ours. */
export function incidentOfDedupKey(key: string): string | undefined {
  return /^firewatch\/(INC-\d+)\//.exec(key)?.[1];
}
