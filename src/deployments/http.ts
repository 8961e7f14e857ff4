import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { Deps } from '../usecases/context.js';
import type { DeploymentOutcome } from '../usecases/record-deployment.js';

/** A POST as received: the raw bytes, since a signature is over them and not over re-serialised JSON. */
export interface DeploymentRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface DeploymentResponse {
  status: number;
  body: unknown;
}

export interface DeploymentWebhookOptions {
  deps: Deps;
  logger: Logger;
  /** Logs an unexpected error and returns the reference to quote. */
  unexpected(error: unknown, where: Record<string, unknown>): string;
}

export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Runs the handling; anything unexpected is logged and answered 500 with its reference (the sender retries). */
export async function answering(
  options: DeploymentWebhookOptions,
  where: Record<string, unknown>,
  work: () => Promise<DeploymentResponse>,
): Promise<DeploymentResponse> {
  try {
    return await work();
  } catch (error) {
    const ref = options.unexpected(error, where);
    return { status: 500, body: { ok: false, error: `something went wrong (ref ${ref})` } };
  }
}

/** Without its secret an endpoint can verify nothing, so it takes nothing; this says which variable to set. */
export function notConfigured(variable: string, what: string): () => Promise<DeploymentResponse> {
  return async () => ({
    status: 404,
    body: { ok: false, error: `${what} are not configured: set ${variable}.` },
  });
}

/** What a sender is told of a deployment it reported: recorded (with the id given) or a repeat. */
export function deploymentAnswer(result: DeploymentOutcome, createdStatus: number): DeploymentResponse {
  const deployment = result.deployment;
  return {
    status: result.outcome === 'recorded' ? createdStatus : 200,
    body: {
      ok: true,
      outcome: result.outcome,
      ...(deployment
        ? { deployment: deployment.id, service: deployment.service, mapped: deployment.mapped }
        : {}),
    },
  };
}
