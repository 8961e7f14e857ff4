import type { Deps } from './context.js';
import { type DeploymentInput, isFieldProblem, parseDeploymentInput } from './deployment-input.js';
import { recordDeployment } from './record-deployment.js';
import type { TableProblem, TableRow } from './table-file.js';

/** The columns of `firewatch import deployments`: the generic webhook's body, one row a deployment. */
export const DEPLOYMENT_COLUMNS = [
  'id',
  'service',
  'environment',
  'sha',
  'status',
  'finished_at',
  'started_at',
  'creator',
  'commits',
] as const;

/** The most problems one run reports: enough to fix a file in a few rounds, not a wall of text. */
export const MAX_PROBLEMS = 20;

export type ImportOutcome =
  | { ok: true; recorded: number; duplicates: number }
  | { ok: false; problems: TableProblem[]; bad: number };

/** In CSV, a row's changes are `SHA@ISO` words in one cell: `abc123@2026-11-20T08:00Z fed987@…`. */
function commitsOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(/[\s;]+/)
    .filter(Boolean)
    .map((word) => {
      const [sha, committedAt] = word.split('@', 2);
      return { sha, committed_at: committedAt };
    });
}

/**
 * `firewatch import deployments FILE.csv|FILE.json`: every row is checked as the webhook checks a
 * body, and nothing is written unless all are good; then each is recorded, oldest first (so each
 * finds its predecessor's sha for its changes), idempotent like the webhook (its id, or service,
 * environment and sha): importing the same file twice records nothing new.
 */
export async function importDeployments(deps: Deps, rows: readonly TableRow[]): Promise<ImportOutcome> {
  const inputs: DeploymentInput[] = [];
  const problems: TableProblem[] = [];
  let bad = 0;
  for (const row of rows) {
    const body = {
      ...row.fields,
      ...(row.fields.commits !== undefined ? { commits: commitsOf(row.fields.commits) } : {}),
    };
    const input = parseDeploymentInput(body);
    if (isFieldProblem(input)) {
      bad += 1;
      if (problems.length < MAX_PROBLEMS)
        problems.push({ where: row.where, field: input.field, message: input.message });
    } else inputs.push(input);
  }
  if (bad > 0) return { ok: false, problems, bad };
  let recorded = 0;
  let duplicates = 0;
  const oldestFirst = [...inputs].sort((a, b) =>
    a.finishedAt < b.finishedAt ? -1 : a.finishedAt > b.finishedAt ? 1 : 0,
  );
  for (const input of oldestFirst) {
    const result = await recordDeployment(deps, input, { source: 'import' });
    if (result.outcome === 'recorded') recorded += 1;
    else duplicates += 1;
  }
  return { ok: true, recorded, duplicates };
}
