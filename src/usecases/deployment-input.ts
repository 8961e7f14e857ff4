import type { Change, DeploymentStatus, NewDeployment } from '../domain/deployments.js';
import type { Instant } from '../domain/time.js';

/** A deployment as a sender describes it: the generic webhook's body, a CLI call, an imported row. */
export type DeploymentInput = Pick<
  NewDeployment,
  | 'service'
  | 'environment'
  | 'sha'
  | 'status'
  | 'finishedAt'
  | 'startedAt'
  | 'creator'
  | 'repository'
  | 'changes'
> & { id?: string };

/** Which field was wrong and why, so the sender can fix that one thing. */
export interface FieldProblem {
  field: string;
  message: string;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const SHA = /^[0-9a-f]{4,64}$/i;

/** An ISO 8601 instant with its offset (`Z` or `+02:00`): a time without one is ambiguous. */
export function parseIsoInstant(text: unknown): Instant | undefined {
  if (typeof text !== 'string' || !ISO_8601.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Checks a generic deployment body (`POST /webhooks/deployments`, `import deployments`):
 * `{ id?, service, environment? = production, sha, status? = success, finished_at, started_at?,
 * commits?: [{ sha, committed_at }] }`. The first field that is wrong is named.
 */
export function parseDeploymentInput(body: unknown): DeploymentInput | FieldProblem {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { field: '(body)', message: 'must be a JSON object with service, sha and finished_at' };
  const b = body as Record<string, unknown>;
  if (b.id !== undefined && typeof b.id !== 'string' && typeof b.id !== 'number')
    return { field: 'id', message: 'must be text or a number when given' };
  const service = text(b.service);
  if (!service) return { field: 'service', message: 'is required: the service deployed, e.g. "payments"' };
  let environment = 'production';
  if (b.environment !== undefined) {
    const given = text(b.environment);
    if (!given) return { field: 'environment', message: 'must be text, e.g. "production"' };
    environment = given.toLowerCase();
  }
  const sha = text(b.sha);
  if (!sha || !SHA.test(sha))
    return { field: 'sha', message: 'is required: the deployed commit, 4 to 64 hex digits' };
  let status: DeploymentStatus = 'success';
  if (b.status !== undefined) {
    if (b.status !== 'success' && b.status !== 'failure')
      return { field: 'status', message: 'must be "success" or "failure"' };
    status = b.status;
  }
  const finishedAt = parseIsoInstant(b.finished_at);
  if (!finishedAt)
    return {
      field: 'finished_at',
      message: 'is required: ISO 8601 with an offset, e.g. 2026-11-26T14:05:00Z',
    };
  let startedAt: Instant | undefined;
  if (b.started_at !== undefined) {
    startedAt = parseIsoInstant(b.started_at);
    if (!startedAt) return { field: 'started_at', message: 'must be ISO 8601 with an offset' };
    if (startedAt > finishedAt) return { field: 'started_at', message: 'must not be after finished_at' };
  }
  let changes: Change[] | undefined;
  if (b.commits !== undefined) {
    if (!Array.isArray(b.commits))
      return { field: 'commits', message: 'must be a list of { "sha", "committed_at" }' };
    changes = [];
    for (const [index, commit] of b.commits.entries()) {
      const c = (commit ?? {}) as Record<string, unknown>;
      const commitSha = text(c.sha);
      if (!commitSha || !SHA.test(commitSha))
        return { field: `commits[${index}].sha`, message: 'is required: 4 to 64 hex digits' };
      const committedAt = parseIsoInstant(c.committed_at);
      if (!committedAt)
        return { field: `commits[${index}].committed_at`, message: 'is required: ISO 8601 with an offset' };
      if (committedAt > finishedAt)
        return { field: `commits[${index}].committed_at`, message: 'must not be after finished_at' };
      const author = text(c.author);
      changes.push({ sha: commitSha.toLowerCase(), committedAt, ...(author ? { author } : {}) });
    }
  }
  const creator = text(b.creator);
  return {
    ...(b.id !== undefined ? { id: String(b.id) } : {}),
    service,
    environment,
    sha: sha.toLowerCase(),
    status,
    finishedAt,
    ...(startedAt ? { startedAt } : {}),
    ...(creator ? { creator } : {}),
    ...(changes ? { changes } : {}),
  };
}

export function isFieldProblem(value: DeploymentInput | FieldProblem): value is FieldProblem {
  return 'field' in value && 'message' in value && !('service' in value);
}
