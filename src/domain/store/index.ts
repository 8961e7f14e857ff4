import type { DeliveryLog } from './deliveries.js';
import type { DeploymentLog } from './deployments.js';
import type { IncidentLog } from './incidents.js';
import type { Outbox } from './outbox.js';
import type { IncidentQueries } from './queries.js';
import type { RefIndex } from './refs.js';

export type { DeliveryLog } from './deliveries.js';
export type { DeploymentLog, DeploymentQuery, DeploymentWrite, PushWrite } from './deployments.js';
export type { Commit, Decision, IncidentLog, SeenMarker, StoredChange, StoredIncident } from './incidents.js';
export type { ClaimedEffect, EffectClaim, Outbox, OutboxStats } from './outbox.js';
export type { IncidentQueries, IncidentQuery, ReportRow } from './queries.js';
export type { RefIndex } from './refs.js';

/**
 * Everything the core keeps, as small ports that say what they are; an adapter (SQLite,
 * PostgreSQL) implements them all over one connection or pool. A part of the code that needs one
 * asks for that one (the metrics read only `Pick<IncidentStore, …>`, effects get no `commit`).
 */
export interface IncidentStore
  extends IncidentLog,
    IncidentQueries,
    Outbox,
    DeliveryLog,
    RefIndex,
    DeploymentLog {
  /** A cheap query that proves the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
