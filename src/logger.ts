import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths that may hold secrets in anything we log: tokens, signing secrets, webhook secrets,
 * authorization headers and request signatures.
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'secret',
  '*.secret',
  'pagerdutyWebhookSecret',
  '*.pagerdutyWebhookSecret',
  'githubWebhookSecret',
  '*.githubWebhookSecret',
  'deployWebhookToken',
  '*.deployWebhookToken',
  'routingKey',
  '*.routingKey',
  'routingKeys',
  '*.routingKeys',
  'routing_key',
  '*.routing_key',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
  '*.headers["x-pagerduty-signature"]',
  'config.slack',
  'config.pagerduty.token',
];

let dropped = 0;

/** Log writes that failed (a full disk under the log file, a closed pipe) since the process started. */
export function droppedLogWrites(): number {
  return dropped;
}

/**
 * Standard output as pino's destination, with its errors handled: a full disk under the log file
 * (ENOSPC) or a closed pipe must cost log lines, counted in /metrics, never the process.
 */
function standardOutput(): DestinationStream {
  const destination = pino.destination(1);
  destination.on('error', () => {
    dropped += 1;
  });
  return destination;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'firewatch' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? standardOutput(),
  );
}
