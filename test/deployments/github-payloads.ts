/**
 * Webhook bodies in the shapes GitHub documents ("Webhook events and payloads": deployment_status,
 * push), cut down to the fields Firewatch reads plus a few it must ignore.
 */
export function deploymentStatusPayload(
  state: string,
  options: { deploymentId?: number; repository?: string } = {},
) {
  const repository = options.repository ?? 'acme/payments-api';
  return {
    action: 'created',
    deployment_status: {
      id: 2001,
      state,
      environment: 'production',
      description: 'Deployment finished',
      creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
      created_at: '2026-11-26T14:30:00Z',
      updated_at: '2026-11-26T14:30:00Z',
    },
    deployment: {
      id: options.deploymentId ?? 1001,
      sha: 'b2c4e6a8d0f1b2c4e6a8d0f1b2c4e6a8d0f1b2c4',
      ref: 'main',
      task: 'deploy',
      environment: 'production',
      creator: { login: 'dana', id: 583231, type: 'User' },
      created_at: '2026-11-26T14:20:00Z',
      updated_at: '2026-11-26T14:30:00Z',
    },
    repository: { id: 1296269, name: repository.split('/')[1], full_name: repository, private: true },
    sender: { login: 'dana', id: 583231, type: 'User' },
  };
}

export function pushPayload() {
  return {
    ref: 'refs/heads/main',
    before: '0000000000000000000000000000000000000000',
    after: 'c3d5f7a9b1c3d5f7a9b1c3d5f7a9b1c3d5f7a9b1',
    created: false,
    deleted: false,
    forced: false,
    commits: [
      {
        id: 'a1b3c5e7f9a1b3c5e7f9a1b3c5e7f9a1b3c5e7f9',
        message: 'Raise the PSP timeout',
        timestamp: '2026-11-26T13:00:00+01:00',
        author: { name: 'Dana', email: 'dana@example.com', username: 'dana' },
        distinct: true,
      },
      {
        id: 'b2c4e6a8d0f1b2c4e6a8d0f1b2c4e6a8d0f1b2c4',
        message: 'Retry card authorisations once',
        timestamp: '2026-11-26T13:15:00Z',
        author: { name: 'Eli', email: 'eli@example.com', username: 'eli' },
        distinct: true,
      },
    ],
    repository: { id: 1296269, name: 'payments-api', full_name: 'acme/payments-api' },
    pusher: { name: 'dana', email: 'dana@example.com' },
  };
}
