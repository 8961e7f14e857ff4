import type { UserId } from './incident.js';
import type { Slo } from './slo.js';

/** Time comes in from outside: the real clock in production, a fixed one in tests. */
export interface Clock {
  now(): Date;
}

// ---------------------------------------------------------------------------------------------------
// Store: small ports, one file each, in store/

export type {
  ClaimedEffect,
  Commit,
  Decision,
  DeliveryLog,
  DeploymentLog,
  DeploymentQuery,
  DeploymentWrite,
  EffectClaim,
  IncidentLog,
  IncidentQueries,
  IncidentQuery,
  IncidentStore,
  Outbox,
  OutboxStats,
  PushWrite,
  RefIndex,
  ReportRow,
  SeenMarker,
  StoredChange,
  StoredIncident,
} from './store/index.js';

// ---------------------------------------------------------------------------------------------------
// Service catalog (runbooks)

export interface Dashboard {
  title: string;
  url: string;
}

export interface PagerDutyLink {
  serviceId?: string;
  escalationPolicyId?: string;
  /** The name of the environment variable that holds the Events API routing key. */
  routingKeyEnv?: string;
  /** Declare a Firewatch incident when PagerDuty triggers a high-urgency incident on this service. */
  autoDeclare: boolean;
}

export interface RunbookSection {
  heading: string;
  markdown: string;
}

export interface Service {
  name: string;
  aliases: string[];
  team?: string;
  /** The runbook's file name within the runbooks folder, e.g. `payments.md`. */
  file: string;
  pagerduty?: PagerDutyLink;
  dashboards: Dashboard[];
  /** The repositories (`owner/name`, lowercase) whose deployments are this service's. */
  repositories?: string[];
  runbook: { title: string; sections: RunbookSection[] };
  /** Its SLOs: from the runbook's `slos:` list and from OpenSLO documents in SLO_DIR. */
  slos?: Slo[];
}

export interface ServiceCatalog {
  services(): readonly Service[];
  /** By name or alias, case-insensitive. */
  find(nameOrAlias: string): Service | undefined;
  /** The nearest known name or alias, if any is close enough to be a typo. */
  suggest(nameOrAlias: string): string | undefined;
}

// ---------------------------------------------------------------------------------------------------
// People

export interface Profile {
  /** How to name the person in a document. */
  name: string;
  /** Their IANA time zone, when known. */
  zone?: string;
}

/** Who people are: the chat user behind an email (Slack: users.lookupByEmail), names and zones. */
export interface UserDirectory {
  findByEmail(email: string): Promise<UserId | undefined>;
  profile(user: UserId): Promise<Profile>;
}
