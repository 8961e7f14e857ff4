import { timingSafeEqual } from 'node:crypto';
import { isFieldProblem, parseDeploymentInput } from '../usecases/deployment-input.js';
import { recordDeployment } from '../usecases/record-deployment.js';
import {
  answering,
  type DeploymentRequest,
  type DeploymentResponse,
  type DeploymentWebhookOptions,
  deploymentAnswer,
  headerOf,
} from './http.js';

export const DEPLOYMENTS_WEBHOOK_PATH = '/webhooks/deployments';

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1];
  if (!given || !token) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `POST /webhooks/deployments`: any CI/CD (Argo CD notifications, GitLab, Jenkins, a shell step)
 * reports a deployment as JSON with `Authorization: Bearer $DEPLOY_WEBHOOK_TOKEN`. A body that is
 * not valid is refused with a 400 that names the field; the same deployment twice is recorded once.
 */
export function deploymentsWebhook(
  options: DeploymentWebhookOptions & { token: string },
): (request: DeploymentRequest) => Promise<DeploymentResponse> {
  const log = options.logger.child({ webhook: 'deployments' });
  return async (request) => {
    if (!bearerMatches(headerOf(request.headers, 'authorization'), options.token)) {
      log.warn('refused a deployment without the bearer token DEPLOY_WEBHOOK_TOKEN');
      return {
        status: 401,
        body: { ok: false, error: 'send Authorization: Bearer <DEPLOY_WEBHOOK_TOKEN>' },
      };
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return { status: 400, body: { ok: false, field: '(body)', error: '(body) is not JSON' } };
    }
    const input = parseDeploymentInput(body);
    if (isFieldProblem(input))
      return {
        status: 400,
        body: { ok: false, field: input.field, error: `${input.field} ${input.message}` },
      };
    return answering(options, { webhook: 'deployments', service: input.service }, async () => {
      const result = await recordDeployment(options.deps, input, { source: 'webhook' });
      return deploymentAnswer(result, 201);
    });
  };
}
