import type { Command } from '../commands/grammar.js';
import { helpMessage } from '../messages/help.js';
import type { Reply } from '../messages/model.js';
import { addTimelineNote } from './add-note.js';
import { assignIncidentRole } from './assign-role.js';
import { changeIncidentSeverity } from './change-severity.js';
import { changeIncidentStatus, closeIncident, reopenIncident, resolveIncident } from './change-status.js';
import type { Actor, Deps } from './context.js';
import { declareIncident } from './declare-incident.js';
import { addFollowUp, completeFollowUp, listFollowUps } from './follow-ups.js';
import { handOffCommand } from './hand-off.js';
import { incidentStats } from './incident-stats.js';
import { listOpenIncidents } from './list-incidents.js';
import { postStatusUpdate } from './post-update.js';
import { requestPostmortem } from './request-postmortem.js';
import { setIncidentMilestone } from './set-milestone.js';
import { shiftReport } from './shift-report.js';
import { showRunbook } from './show-runbook.js';
import { whoIsOnCall } from './who-is-on-call.js';

/** A declare without a title asks for the form (Slack opens a modal; the console explains). */
export type Outcome = { reply: Reply } | { form: 'declare'; defaults: Extract<Command, { verb: 'declare' }> };

/** Every /incident command, from Slack or the console, runs through here. */
export async function runCommand(deps: Deps, command: Command, actor: Actor): Promise<Outcome> {
  const reply = (value: Promise<Reply> | Reply) => Promise.resolve(value).then((r) => ({ reply: r }));
  switch (command.verb) {
    case 'help':
      return reply({ message: helpMessage(command.topic) });
    case 'declare':
      if (!command.title) return { form: 'declare', defaults: command };
      return reply(
        declareIncident(deps, { ...command, title: command.title }, actor).then((result) => result.reply),
      );
    case 'status':
      return reply(changeIncidentStatus(deps, command, actor));
    case 'update':
      return reply(postStatusUpdate(deps, command, actor));
    case 'sev':
      return reply(changeIncidentSeverity(deps, command, actor));
    case 'assign':
      return reply(assignIncidentRole(deps, command, actor));
    case 'note':
      return reply(addTimelineNote(deps, command, actor));
    case 'action':
      return reply(addFollowUp(deps, command, actor));
    case 'actions':
      return reply(listFollowUps(deps, command, actor));
    case 'done':
      return reply(completeFollowUp(deps, command, actor));
    case 'set':
      return reply(setIncidentMilestone(deps, command, actor));
    case 'runbook':
      return reply(showRunbook(deps, command, actor));
    case 'resolve':
      return reply(resolveIncident(deps, command, actor));
    case 'reopen':
      return reply(reopenIncident(deps, command, actor));
    case 'close':
      return reply(closeIncident(deps, command, actor));
    case 'postmortem':
      return reply(requestPostmortem(deps, command, actor));
    case 'handoff':
      return reply(handOffCommand(deps, command, actor));
    case 'shift':
      return reply(shiftReport(deps, command, actor));
    case 'oncall':
      return reply(whoIsOnCall(deps, command, actor));
    case 'list':
      return reply(listOpenIncidents(deps, actor));
    case 'stats':
      return reply(incidentStats(deps, command, actor));
  }
}
