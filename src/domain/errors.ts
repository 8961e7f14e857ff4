/**
 * Every error a person can meet has a code from this closed list and words that say what was wrong
 * and what to do instead. docs/errors.md documents each code; a test keeps the two in sync.
 */
export const ERROR_CODES = [
  'USAGE',
  'UNKNOWN_COMMAND',
  'NO_INCIDENT_HERE',
  'INCIDENT_NOT_FOUND',
  'INVALID_TRANSITION',
  'ALREADY_IN_STATUS',
  'REASON_REQUIRED',
  'INCIDENT_CLOSED',
  'UNKNOWN_SERVICE',
  'UNKNOWN_SLO',
  'INVALID_TIME',
  'MILESTONE_ORDER',
  'ACTION_NOT_FOUND',
  'DEPLOYMENT_NOT_FOUND',
  'ACTION_ALREADY_DONE',
  'NOTHING_TO_CHANGE',
  'COMMANDER_ONLY',
  'NOT_ALLOWED',
  'CONFLICT',
  'RATE_LIMITED',
  'DUPLICATE',
  'NOT_CONFIGURED',
  'INVALID_CONFIG',
  'STORE_UNUSABLE',
  'STORE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class FirewatchError extends Error {
  override readonly name = 'FirewatchError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What to do next, shown under the message. */
    readonly hint?: string,
  ) {
    super(message);
  }

  static is(error: unknown, code?: ErrorCode): error is FirewatchError {
    return error instanceof FirewatchError && (code === undefined || error.code === code);
  }
}

export function fail(code: ErrorCode, message: string, hint?: string): never {
  throw new FirewatchError(code, message, hint);
}
