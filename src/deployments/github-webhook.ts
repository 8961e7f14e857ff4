import type { Change } from '../domain/deployments.js';
import type { SeenMarker } from '../domain/ports.js';
import { parseIsoInstant } from '../usecases/deployment-input.js';
import { recordDeployment, recordPush } from '../usecases/record-deployment.js';
import { verifyGithubSignature } from './github-signature.js';
import {
  answering,
  type DeploymentRequest,
  type DeploymentResponse,
  type DeploymentWebhookOptions,
  deploymentAnswer,
  headerOf,
} from './http.js';

export const GITHUB_WEBHOOK_PATH = '/webhooks/github';

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function bad(error: string): DeploymentResponse {
  return { status: 400, body: { ok: false, error } };
}

/** deployment_status states that end an attempt; GitHub also sends queued, pending, in_progress and inactive. */
const FINISHED: Record<string, 'success' | 'failure'> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
};

async function deploymentStatus(
  options: DeploymentWebhookOptions,
  payload: Json,
  seen: SeenMarker[],
): Promise<DeploymentResponse> {
  const deployment = object(payload.deployment);
  const status = object(payload.deployment_status);
  const repository = text(object(payload.repository)?.full_name);
  if (!deployment || !status || !repository)
    return bad('a deployment_status event needs deployment, deployment_status and repository.full_name');
  const state = text(status.state) ?? '';
  const outcome = FINISHED[state];
  if (!outcome) return { status: 200, body: { ok: true, outcome: 'ignored', reason: `state ${state}` } };
  const sha = text(deployment.sha)?.toLowerCase();
  const finishedAt = parseIsoInstant(status.updated_at);
  if (!sha || !finishedAt) return bad('deployment.sha and deployment_status.updated_at are required');
  const startedAt = parseIsoInstant(deployment.created_at);
  const creator = text(object(deployment.creator)?.login);
  const environment = (
    text(deployment.environment) ??
    text(status.environment) ??
    'production'
  ).toLowerCase();
  const id = deployment.id;
  const result = await recordDeployment(
    options.deps,
    {
      service: repository.toLowerCase(),
      repository,
      environment,
      sha,
      status: outcome,
      finishedAt,
      ...(startedAt && startedAt <= finishedAt ? { startedAt } : {}),
      ...(creator ? { creator } : {}),
    },
    {
      source: 'github',
      ...(id !== undefined ? { key: `github:${String(id)}${outcome === 'failure' ? ':failure' : ''}` } : {}),
      seen,
    },
  );
  return deploymentAnswer(result, 200);
}

async function push(
  options: DeploymentWebhookOptions,
  payload: Json,
  seen: SeenMarker[],
): Promise<DeploymentResponse> {
  const repository = text(object(payload.repository)?.full_name);
  if (!repository || !Array.isArray(payload.commits))
    return bad('a push event needs repository.full_name and commits');
  const changes: Change[] = [];
  for (const commit of payload.commits) {
    const c = object(commit);
    const sha = text(c?.id)?.toLowerCase();
    const committedAt = parseIsoInstant(c?.timestamp);
    if (!sha || !committedAt) return bad('every commit needs an id and a timestamp');
    const author = text(object(c?.author)?.username);
    changes.push({ sha, committedAt, ...(author ? { author } : {}) });
  }
  const result = await recordPush(options.deps, repository, changes, seen);
  return { status: 200, body: { ok: true, ...result } };
}

/**
 * `POST /webhooks/github`: deployments from `deployment_status` (success records a deployment,
 * failure and error a failed attempt), commits from `push` (for lead times), `ping` when the hook
 * is set up. Signed with the hook's secret (X-Hub-Signature-256); a redelivery keeps its
 * X-GitHub-Delivery id and is recorded once.
 */
export function githubWebhook(
  options: DeploymentWebhookOptions & { secret: string },
): (request: DeploymentRequest) => Promise<DeploymentResponse> {
  const log = options.logger.child({ webhook: 'github' });
  return async (request) => {
    if (
      !verifyGithubSignature(request.body, headerOf(request.headers, 'x-hub-signature-256'), options.secret)
    ) {
      log.warn('refused a webhook whose X-Hub-Signature-256 does not match GITHUB_WEBHOOK_SECRET');
      return { status: 401, body: { ok: false, error: 'invalid_signature' } };
    }
    const event = headerOf(request.headers, 'x-github-event') ?? '';
    const delivery = headerOf(request.headers, 'x-github-delivery');
    let payload: Json | undefined;
    try {
      payload = object(JSON.parse(request.body.toString('utf8')));
    } catch {
      payload = undefined;
    }
    if (!payload)
      return bad("the body is not a JSON object (set the hook's content type to application/json)");
    if (event === 'ping') return { status: 200, body: { ok: true, outcome: 'pong' } };
    const seen: SeenMarker[] = delivery ? [{ source: 'github-delivery', key: delivery }] : [];
    return answering(options, { webhook: 'github', event, delivery }, async () => {
      if (event === 'deployment_status') return deploymentStatus(options, payload, seen);
      if (event === 'push') return push(options, payload, seen);
      return {
        status: 200,
        body: { ok: true, outcome: 'ignored', reason: `Firewatch does not follow ${event}` },
      };
    });
  };
}
