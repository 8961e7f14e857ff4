import { FirewatchError } from '../domain/errors.js';
import type { Reply } from '../messages/model.js';
import { errorMessage, internalErrorMessage } from '../messages/replies.js';

/** Logs an unexpected error and returns the reference the person is shown, to find the log line. */
export type Unexpected = (error: unknown) => string;

/** A refusal or an unexpected error, as words for the person who asked. */
export interface Failed {
  reply: Reply;
  failed: true;
}

/** What the use case answered, or its failure in words: `failed` tells them apart. */
export type Answer<T> = (T & { failed?: false }) | Failed;

/**
 * The one way Firewatch answers a person, whatever they used (a text command, a button, a form,
 * the console): run the use case; a refusal becomes its coded message (what was wrong, what to do
 * instead), anything unexpected is logged and answered with its reference. Never throws.
 */
export async function answer<T>(run: () => Promise<T>, unexpected: Unexpected): Promise<Answer<T>> {
  try {
    return (await run()) as T & { failed?: false };
  } catch (error) {
    if (error instanceof FirewatchError) return refused(error);
    return { reply: { message: internalErrorMessage(unexpected(error)) }, failed: true };
  }
}

/** A coded refusal, as the person sees it. */
export function refused(error: FirewatchError): Failed {
  return { reply: { message: errorMessage(error) }, failed: true };
}
