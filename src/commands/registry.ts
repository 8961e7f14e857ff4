import type { VerbInfo, VerbSpec } from './verb.js';
import { action } from './verbs/action.js';
import { actions } from './verbs/actions.js';
import { assign } from './verbs/assign.js';
import { cause } from './verbs/cause.js';
import { close } from './verbs/close.js';
import { declare } from './verbs/declare.js';
import { deploys } from './verbs/deploys.js';
import { done } from './verbs/done.js';
import { dora } from './verbs/dora.js';
import { handoff } from './verbs/handoff.js';
import { help } from './verbs/help.js';
import { impact } from './verbs/impact.js';
import { list } from './verbs/list.js';
import { note } from './verbs/note.js';
import { oncall } from './verbs/oncall.js';
import { postmortem } from './verbs/postmortem.js';
import { makePrivate, makePublic } from './verbs/private.js';
import { record } from './verbs/record.js';
import { reopen } from './verbs/reopen.js';
import { resolve } from './verbs/resolve.js';
import { runbook } from './verbs/runbook.js';
import { set } from './verbs/set.js';
import { sev } from './verbs/sev.js';
import { shift } from './verbs/shift.js';
import { slo } from './verbs/slo.js';
import { stats } from './verbs/stats.js';
import { status } from './verbs/status.js';
import { update } from './verbs/update.js';

/**
 * Every /incident verb, one line each. The grammar, `help`, the router, the console and the Slack
 * listener all read this list. Within a help group, verbs are listed in this order, and a typo
 * as near to two verbs ("did you mean …?") suggests the earlier one.
 */
export const VERB_SPECS = [
  declare,
  record,
  list,
  oncall,
  status,
  update,
  sev,
  assign,
  handoff,
  note,
  makePrivate,
  makePublic,
  set,
  impact,
  cause,
  runbook,
  resolve,
  reopen,
  close,
  postmortem,
  action,
  actions,
  done,
  shift,
  stats,
  slo,
  dora,
  deploys,
  help,
] as const;

/** A parsed command: one of the verbs' own command types. */
export type Command = ReturnType<(typeof VERB_SPECS)[number]['parse']>;
export type Verb = Command['verb'];

export const VERBS: Verb[] = VERB_SPECS.map((spec) => spec.name);
export const VERB_INFO: readonly VerbInfo[] = VERB_SPECS;

const BY_WORD = new Map<string, VerbSpec<Command>>(
  VERB_SPECS.flatMap((spec) =>
    [spec.name, ...(spec.aliases ?? [])].map((word) => [word, spec as unknown as VerbSpec<Command>] as const),
  ),
);

/** The verb a word names: its name or one of its aliases (lower case). */
export function verbNamed(word: string): VerbSpec<Command> | undefined {
  return BY_WORD.get(word);
}

/** The spec of a parsed command. */
export function specOf(command: Command): VerbSpec<Command> {
  return BY_WORD.get(command.verb)!;
}
