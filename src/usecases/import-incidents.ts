import { FIREWATCH } from '../domain/actors.js';
import type { Deployment, IncidentCause } from '../domain/deployments.js';
import { FirewatchError } from '../domain/errors.js';
import type { Milestones } from '../domain/incident.js';
import {
  IMPORTED_INCIDENT_MARKER,
  type PastIncident,
  pastIncidentProblem,
  recordPastIncident,
} from '../domain/recorded.js';
import { DEFAULT_SEVERITY, parseSeverity } from '../domain/severity.js';
import { type Instant, toInstant } from '../domain/time.js';
import type { Deps } from './context.js';
import { parseIsoInstant } from './deployment-input.js';
import { type ImportOutcome, MAX_PROBLEMS } from './import-deployments.js';
import { createIncident } from './incident-change.js';
import type { TableProblem, TableRow } from './table-file.js';
import { resolveTimeSpec } from './zoned-time.js';

/** The columns of `firewatch import incidents`. */
export const INCIDENT_COLUMNS = [
  'external_id',
  'title',
  'severity',
  'service',
  'impact_started_at',
  'detected_at',
  'declared_at',
  'acknowledged_at',
  'mitigated_at',
  'resolved_at',
  'commander',
  'summary',
  'caused_by_sha',
] as const;

const COLUMN_OF: Partial<Record<keyof Milestones, string>> = {
  impactStartedAt: 'impact_started_at',
  detectedAt: 'detected_at',
  declaredAt: 'declared_at',
  acknowledgedAt: 'acknowledged_at',
  mitigatedAt: 'mitigated_at',
  resolvedAt: 'resolved_at',
};

interface Checked {
  past: PastIncident;
  cause?: IncidentCause;
  key: string;
}

class RowProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** ISO 8601 with an offset, or with an RFC 9557 zone in brackets: a time without either is ambiguous. */
function instant(fields: Record<string, unknown>, column: string, now: Date): Instant | undefined {
  const given = text(fields[column]);
  if (given === undefined) return undefined;
  if (/\[[^\]]+\]$/.test(given)) {
    try {
      return resolveTimeSpec({ kind: 'iso', text: given }, 'UTC', now);
    } catch (error) {
      if (FirewatchError.is(error)) throw new RowProblem(column, error.message);
      throw error;
    }
  }
  const parsed = parseIsoInstant(given);
  if (!parsed)
    throw new RowProblem(
      column,
      `"${given}" is not ISO 8601 with an offset or a zone, like 2017-02-28T09:37-08:00 or 2017-02-28T09:37[America/Los_Angeles]`,
    );
  return parsed;
}

async function checkRow(deps: Deps, fields: Record<string, unknown>, now: Date): Promise<Checked> {
  const title = text(fields.title);
  if (!title) throw new RowProblem('title', 'is required');
  let severity = DEFAULT_SEVERITY;
  const severityText = text(fields.severity);
  if (severityText !== undefined) {
    const parsed = parseSeverity(severityText);
    if (!parsed) throw new RowProblem('severity', `"${severityText}" is not a severity: sev1 (worst) … sev4`);
    severity = parsed;
  }
  const serviceName = text(fields.service);
  const service = serviceName !== undefined ? deps.catalog.find(serviceName) : undefined;
  if (serviceName !== undefined && !service) {
    const suggestion = deps.catalog.suggest(serviceName);
    throw new RowProblem(
      'service',
      `no runbook names "${serviceName}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known: ${deps.catalog
        .services()
        .map((known) => known.name)
        .join(', ')}`,
    );
  }
  const impactStartedAt = instant(fields, 'impact_started_at', now);
  if (!impactStartedAt) throw new RowProblem('impact_started_at', 'is required: when impact began');
  const resolvedAt = instant(fields, 'resolved_at', now);
  if (!resolvedAt) throw new RowProblem('resolved_at', 'is required: when it was resolved');
  const optional = (column: string, key: keyof PastIncident) => {
    const at = instant(fields, column, now);
    return at ? { [key]: at } : {};
  };
  const externalId = text(fields.external_id);
  const commander = text(fields.commander)?.replace(/^@/, '');
  const summary = text(fields.summary);
  const past: PastIncident = {
    title,
    severity,
    ...(service ? { service: service.name } : {}),
    ...(summary ? { summary } : {}),
    via: 'import',
    impactStartedAt,
    ...optional('detected_at', 'detectedAt'),
    ...optional('declared_at', 'declaredAt'),
    ...optional('acknowledged_at', 'acknowledgedAt'),
    ...optional('mitigated_at', 'mitigatedAt'),
    resolvedAt,
    ...(commander ? { commander } : {}),
    ...(externalId ? { externalId } : {}),
  };
  const problem = pastIncidentProblem(past, toInstant(now));
  if (problem?.kind === 'future')
    throw new RowProblem(COLUMN_OF[problem.milestone] ?? 'resolved_at', `${problem.at} is in the future`);
  if (problem?.kind === 'order') {
    const earlier = COLUMN_OF[problem.earlier] ?? problem.earlier;
    const later = COLUMN_OF[problem.later] ?? problem.later;
    // A defaulted milestone is named by the column it was taken from.
    const blame = fields[later] !== undefined ? later : earlier;
    throw new RowProblem(
      blame,
      `${later} (${problem.laterAt}) comes before ${earlier} (${problem.earlierAt}): a duration would be negative`,
    );
  }
  const sha = text(fields.caused_by_sha);
  let cause: IncidentCause | undefined;
  if (sha !== undefined) {
    const found: Deployment[] = await deps.store.deployments({ ref: sha, status: 'success', limit: 2 });
    if (found.length !== 1)
      throw new RowProblem(
        'caused_by_sha',
        found.length === 0
          ? `no deployment has the sha "${sha}": import deployments first (firewatch import deployments FILE)`
          : `more than one deployment has a sha starting "${sha}": give more of it`,
      );
    const deployment = found[0]!;
    cause = {
      deploymentId: deployment.id,
      sha: deployment.sha,
      service: deployment.service,
      finishedAt: deployment.finishedAt,
    };
  }
  return { past, ...(cause ? { cause } : {}), key: externalId ?? `${title}|${impactStartedAt}` };
}

/**
 * `firewatch import incidents FILE.csv|FILE.json`: past incidents from another tool or a
 * spreadsheet, recorded after the fact. Every row is checked first (the line and the field named)
 * and nothing is written unless all are good. Each is then written in one commit with a marker of
 * its `external_id` (or, without one, its title and impact start), so importing the same file again
 * adds nothing. No channel, no page, no postmortem draft: `firewatch postmortem INC-n` writes one.
 */
export async function importIncidents(deps: Deps, rows: readonly TableRow[]): Promise<ImportOutcome> {
  const now = deps.clock.now();
  const checked: Checked[] = [];
  const problems: TableProblem[] = [];
  const keys = new Map<string, string>();
  let bad = 0;
  for (const row of rows) {
    try {
      const good = await checkRow(deps, row.fields, now);
      const first = keys.get(good.key);
      if (first !== undefined)
        throw new RowProblem('external_id', `repeats the incident of ${first}: each row is one incident`);
      keys.set(good.key, row.where);
      checked.push(good);
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      bad += 1;
      if (problems.length < MAX_PROBLEMS)
        problems.push({ where: row.where, field: error.field, message: error.message });
    }
  }
  if (bad > 0) return { ok: false, problems, bad };
  let recorded = 0;
  let duplicates = 0;
  for (const { past, cause, key } of checked) {
    try {
      await createIncident(
        deps,
        FIREWATCH,
        (number, at) => [
          ...recordPastIncident(number, past, at),
          ...(cause ? [{ kind: 'cause_linked' as const, cause }] : []),
        ],
        { seen: [{ source: IMPORTED_INCIDENT_MARKER, key }] },
      );
      recorded += 1;
    } catch (error) {
      if (!FirewatchError.is(error, 'DUPLICATE')) throw error;
      duplicates += 1;
    }
  }
  return { ok: true, recorded, duplicates };
}
