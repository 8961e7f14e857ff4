import type { Deployment } from '../domain/deployments.js';
import type { Message, Rich } from './model.js';
import { windowLabel } from './report.js';

/** One line a deployment: id, service, sha, environment, who, when, what it caused. */
export function deploymentLine(deployment: Deployment, caused: readonly string[]): Rich {
  return [
    { bold: deployment.id },
    ` ${deployment.service}${deployment.mapped ? '' : ' (unmapped)'} `,
    { code: deployment.sha.slice(0, 7) },
    ` to ${deployment.environment}`,
    deployment.status === 'failure' ? ' — failed attempt' : '',
    deployment.creator ? ` by @${deployment.creator}` : '',
    ', ',
    { date: deployment.finishedAt },
    caused.length > 0 ? ` — caused ${caused.join(', ')}` : '',
  ];
}

/** The deployment suspected of causing an incident, and the command that links it. */
export function suspectLine(deployment: Deployment, before: string, incidentId?: string): Rich {
  const sha = deployment.sha.slice(0, 7);
  return [
    `${deployment.service} was deployed ${before} before impact: ${sha}`,
    deployment.creator ? ` by @${deployment.creator}` : '',
    ' — was it this? ',
    { code: `/incident cause ${incidentId ? `${incidentId} ` : ''}deploy:${sha}` },
  ];
}

export function deploymentsMessage(
  deployments: readonly Deployment[],
  caused: ReadonlyMap<string, readonly string[]>,
  scope: { service?: string | undefined; window: number },
): Message {
  const title = `Deployments${scope.service ? ` of ${scope.service}` : ''}, last ${windowLabel(scope.window)}`;
  if (deployments.length === 0)
    return {
      summary: [title],
      blocks: [
        {
          type: 'text',
          text: [
            `No deployments ${scope.service ? `of ${scope.service} ` : ''}in the last ${windowLabel(scope.window)}.`,
          ],
        },
        {
          type: 'context',
          text: ['Send them from GitHub, any CI/CD or the CLI: see "Deployments" in the README.'],
        },
      ],
    };
  return {
    summary: [title],
    blocks: [
      { type: 'header', text: `🚀 ${title}` },
      {
        type: 'list',
        items: deployments.map((deployment) => deploymentLine(deployment, caused.get(deployment.id) ?? [])),
      },
      {
        type: 'context',
        text: ['Link an incident to the one that caused it: `/incident cause deploy:D-12` (or its sha).'],
      },
    ],
  };
}
