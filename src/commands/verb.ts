import type { IncidentId } from '../domain/incident.js';
import type { Severity } from '../domain/severity.js';
import type { HelpGroup } from '../messages/help.js';
import type { Reply } from '../messages/model.js';
import type { Actor, Deps } from '../usecases/context.js';
import type { Cursor } from './cursor.js';

/** What a verb says about itself: what `/incident help` and the grammar read. */
export interface VerbInfo {
  name: string;
  /** Other words people type for it (`ls` for `list`); none if absent. */
  aliases?: readonly string[];
  /** The syntax people type, starting with `/incident NAME`. */
  usage: string;
  /** What it does, in a few words after the syntax in `/incident help`. */
  help: string;
  /** The heading `/incident help` lists it under. */
  group: HelpGroup;
  /**
   * It acts on one incident: named as `INC-n` right after the verb, or implied by the channel.
   * Absent: it does not.
   */
  targetsIncident?: boolean;
}

/** A declare without a title asks for the form (Slack opens a modal; the console explains). */
export type Outcome =
  | { reply: Reply }
  | {
      form: 'declare';
      defaults: { title?: string; severity?: Severity; service?: string; private: boolean };
    };

/**
 * Why a verb cannot answer inside Slack's three-second acknowledgement: it needs the person's
 * time zone (a users.info call) or asks a slow service (PagerDuty). Such a verb is acknowledged
 * first and answered through the response URL.
 */
export type AnswerLater = 'needs-zone' | 'slow';

/** What the adapter knows before running a command. */
export interface Situation {
  zoneKnown: boolean;
  pagerConfigured: boolean;
}

/** The incident a command names right after its verb; absent means the one whose channel it is. */
export type Target = { incident?: IncidentId };

export interface RunContext {
  deps: Deps;
  actor: Actor;
  /** Every verb, for `help`. */
  verbs: readonly VerbInfo[];
}

/**
 * One verb, whole: its words, its help, how its arguments parse, and the use case it runs. A new
 * verb is a file in src/commands/verbs/ exporting one of these, and a line in registry.ts.
 */
export interface VerbSpec<C extends { verb: string } = { verb: string }> extends VerbInfo {
  name: C['verb'];
  /**
   * The words after the verb (and after `INC-n`, for a verb that targets an incident) → the typed
   * command. Problems are reported with `cursor.usage(…)` or a coded `fail(…)`.
   */
  parse(cursor: Cursor, target: Target): C;
  /** The parse table: text as typed → the command it means. The verbs test runs every row. */
  examples: ReadonlyArray<readonly [string, C]>;
  /** Absent or undefined: answered in the acknowledgement itself. */
  answerLater?(command: C, situation: Situation): AnswerLater | undefined;
  run(command: C, context: RunContext): Promise<Outcome>;
}

/** Runs a use case that answers with a reply. */
export async function replying(reply: Promise<Reply> | Reply): Promise<Outcome> {
  return { reply: await reply };
}
