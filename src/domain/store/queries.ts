import type { ImpactRecord, Incident, IncidentId, UserId } from '../incident.js';
import type { Status } from '../lifecycle.js';
import type { Severity } from '../severity.js';
import type { Instant } from '../time.js';

export interface IncidentQuery {
  /** Only incidents this person may see (private ones need them among the participants). */
  viewer: UserId;
  /** Operators reading the database directly (the CLI) may ask for private incidents too. */
  includePrivate?: boolean;
  statuses?: readonly Status[];
  declaredSince?: Instant;
  /** Declared in the window, or still open, or resolved in the window. */
  activeSince?: Instant;
  service?: string;
  severity?: Severity;
  /** Only incidents with follow-ups still open. */
  withOpenActions?: boolean;
  /** Only incidents recorded after the fact (true), or only live ones (false); absent: both. */
  recorded?: boolean;
  /** Only incidents linked to a deployment as their cause (what the four keys read). */
  withCause?: boolean;
  limit?: number;
  /** Skips this many of the matching incidents (newest first), for pages of a long list. */
  offset?: number;
}

/** The columns a report needs, as epoch milliseconds, without the whole incident. */
export interface ReportRow {
  id: IncidentId;
  severity: Severity;
  service: string | null;
  status: Status;
  impactStartedAt: number;
  /** Null when not recorded (an incident recorded after the fact that did not say). */
  detectedAt: number | null;
  /**
   * Where the incident falls in a report's window. Of an incident recorded after the fact that
   * did not say when it was declared, a stand-in (`declarationKnown` false): its TTA is unknown.
   */
  declaredAt: number;
  declarationKnown: boolean;
  acknowledgedAt: number | null;
  mitigatedAt: number | null;
  resolvedAt: number | null;
  /** The deployment linked as its cause (`D-<n>`), if any. */
  causedBy: string | null;
  /** Recorded after the fact (`/incident record`, an import), not run live in Firewatch. */
  recorded: boolean;
  /** What `/incident impact` recorded, for error budgets; absent when nothing was. */
  impacts?: ImpactRecord[];
}

/** Reading many incidents at once: lists, reports, metrics, and the reminders that are due. */
export interface IncidentQueries {
  list(query: IncidentQuery): Promise<Incident[]>;
  /**
   * Every matching incident, oldest declared first (ties by number); `limit` and `offset` are not
   * read: a report covers its whole window.
   */
  reportRows(query: IncidentQuery): Promise<ReportRow[]>;
  /** How many incidents are open (investigating, identified or monitoring), by severity; private ones too. */
  openIncidentsBySeverity(): Promise<Record<Severity, number>>;
  /**
   * Open incidents with a reminder due at or before `now`. A store shared by several processes
   * hands each one to one of them for a while, so a nudge is not raced for.
   */
  dueReminders(now: Instant, limit: number): Promise<IncidentId[]>;
}
