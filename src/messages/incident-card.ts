import type { Deployment } from '../domain/deployments.js';
import { durationsOf } from '../domain/durations.js';
import type { ErrorBudgetInput } from '../domain/error-budget.js';
import type { Incident } from '../domain/incident.js';
import { isOpen } from '../domain/lifecycle.js';
import type { Service } from '../domain/ports.js';
import type { OnCallName } from '../domain/refs.js';
import { ROLE_TITLE, ROLES } from '../domain/roles.js';
import { between, formatDuration, type Instant } from '../domain/time.js';
import { frozenSlosAt, incidentBudget } from '../reports/error-budget.js';
import { ACTIONS } from './actions.js';
import { formatShare } from './error-budget.js';
import { SEVERITY_EMOJI, STATUS_EMOJI, statusLabel } from './labels.js';
import type { Block, Button, Inline, Message, Rich } from './model.js';

export interface CardContext {
  now: Instant;
  service?: Service;
  /** Where the service's runbook can be read, when RUNBOOK_BASE_URL is set. */
  runbookUrl?: string;
  /** The incident's channel, for the announcement card. */
  channel?: string;
  /** Who PagerDuty had on call when it was declared: the chat user where the email matched one. */
  onCall?: readonly OnCallName[];
  /** The service's SLOs and recent incidents: the budget this one spent, and any change freeze. */
  errorBudget?: ErrorBudgetInput;
  /** The deployment linked as its cause, with the changes it shipped, when it is on record. */
  cause?: Deployment;
}

/**
 * The change linked as the cause: the deployment, when it finished, and what it shipped with its
 * authors' handles, so responders know whom to ask. It names the change, not a culprit.
 */
export function causeField(incident: Incident, deployment: Deployment | undefined): Rich | undefined {
  const cause = incident.cause;
  if (!cause) return undefined;
  const changes = deployment?.changes ?? [];
  const authors = [...new Set(changes.flatMap((change) => (change.author ? [`@${change.author}`] : [])))];
  return [
    'deployment ',
    { bold: cause.deploymentId },
    ` of ${cause.service} (${cause.sha.slice(0, 7)}), finished `,
    { date: cause.finishedAt },
    changes.length > 0
      ? ` · ${changes.length} change${changes.length === 1 ? '' : 's'}${authors.length > 0 ? ` by ${authors.join(', ')}` : ''}`
      : '',
    ...(cause.note ? [' · ', { said: cause.note } as Inline] : []),
  ];
}

/** Once mitigated, what the incident spent of each SLO; while a budget is exhausted, the freeze. */
function budgetBlocks(incident: Incident, context: CardContext): { field?: Rich; freeze?: Rich } {
  const budget = context.errorBudget;
  if (!budget) return {};
  const result: { field?: Rich; freeze?: Rich } = {};
  if (incident.milestones.mitigatedAt) {
    const lines = incidentBudget(incident, budget.slos, budget.incidents, context.now, budget.policy);
    result.field = lines.flatMap((line, index): Inline[] => [
      index > 0 ? ' · ' : '',
      `${line.slo} `,
      line.spend.known
        ? { bold: formatShare(line.spend.spentShare) }
        : `up to ${formatShare(line.spend.upToShare)}`,
    ]);
  }
  // The freeze belongs on the cards of incidents declared during it, while it lasts: not on the card
  // of the incident that exhausted the budget, nor on older ones still open.
  const before = budget.incidents.filter((other) => other.id !== incident.id);
  const frozenThen = new Set(
    frozenSlosAt(budget.slos, before, incident.milestones.declaredAt, budget.policy),
  );
  const frozen = frozenSlosAt(budget.slos, budget.incidents, context.now, budget.policy).filter((slo) =>
    frozenThen.has(slo),
  );
  if (frozen.length > 0) {
    result.freeze = [
      '🧊 ',
      { bold: budget.policy.freezeWords },
      ` — the error budget of ${frozen.join(' and ')} is exhausted.`,
    ];
  }
  return result;
}

export function incidentHeadline(incident: Incident): string {
  return `${SEVERITY_EMOJI[incident.severity]} ${incident.id} ${incident.title}`;
}

export function runbookInline(context: CardContext): Inline[] {
  if (!context.service) return [];
  if (context.runbookUrl) return [{ link: context.runbookUrl, text: `${context.service.name} runbook` }];
  return [`runbook: runbooks/${context.service.file}`];
}

function cardButtons(incident: Incident): Button[] {
  if (!isOpen(incident.status)) return [];
  return [
    { action: ACTIONS.takeCommand, label: 'Take command', value: incident.id },
    { action: ACTIONS.updateStatus, label: 'Update status', value: incident.id },
    { action: ACTIONS.addNote, label: 'Add note', value: incident.id },
    { action: ACTIONS.resolve, label: 'Resolve', value: incident.id, style: 'primary' },
  ];
}

/** What the announcement card becomes when its incident is made private: nothing about it. */
export function withdrawnCard(): Message {
  const text = 'This incident is now private: only the people in its channel see it.';
  return { summary: [text], blocks: [{ type: 'context', text: [`🔒 ${text}`] }] };
}

/**
 * The incident card: pinned in the incident channel and, as a living copy, in the announcement
 * channel. Refreshed in place on every change.
 */
export function incidentCard(incident: Incident, context: CardContext): Message {
  const { milestones } = incident;
  const roles: Rich = [];
  for (const role of ROLES) {
    const holder = incident.roles[role];
    if (!holder || role === 'commander') continue;
    if (roles.length > 0) roles.push(', ');
    roles.push(`${ROLE_TITLE[role]} `, { user: holder });
  }
  const fields: Array<{ label: string; value: Rich }> = [
    { label: 'Severity', value: [`${SEVERITY_EMOJI[incident.severity]} ${incident.severity}`] },
    {
      label: 'Status',
      value: [
        `${STATUS_EMOJI[incident.status]} ${statusLabel(incident.status)} for ${formatDuration(between(incident.statusSince, context.now))}`,
      ],
    },
    {
      label: 'Commander',
      value: incident.roles.commander ? [{ user: incident.roles.commander }] : ['nobody yet'],
    },
  ];
  if (roles.length > 0) fields.push({ label: 'Roles', value: roles });
  if (context.service) {
    fields.push({ label: 'Service', value: [context.service.name, ' · ', ...runbookInline(context)] });
  } else if (incident.service) {
    fields.push({ label: 'Service', value: [incident.service] });
  }
  if (context.channel) fields.push({ label: 'Channel', value: [`#${context.channel}`] });
  if (context.onCall && context.onCall.length > 0) {
    const onCall: Rich = context.onCall.flatMap((person, index): Inline[] => [
      ...(index > 0 ? [', '] : []),
      person.user ? { user: person.user } : person.name,
    ]);
    fields.push({ label: 'On call', value: onCall });
  }
  const durations = durationsOf(milestones);
  const open = isOpen(incident.status);
  fields.push({
    label: open ? 'Open for' : 'Time to resolve',
    value: [
      open
        ? formatDuration(between(milestones.impactStartedAt, context.now))
        : formatDuration(durations.ttr ?? 0),
    ],
  });

  const cause = causeField(incident, context.cause);
  if (cause) fields.push({ label: 'Linked change', value: cause });
  const budget = budgetBlocks(incident, context);
  if (budget.field) fields.push({ label: 'Error budget spent', value: budget.field });
  const blocks: Block[] = [
    { type: 'header', text: incidentHeadline(incident) },
    { type: 'fields', fields },
  ];
  if (budget.freeze) blocks.push({ type: 'text', text: budget.freeze });
  if (incident.lastUpdate) {
    blocks.push({
      type: 'text',
      text: [
        { bold: 'Latest: ' },
        { said: incident.lastUpdate.text },
        ' — ',
        { user: incident.lastUpdate.by },
        ', ',
        { date: incident.lastUpdate.at, format: 'time' },
      ],
    });
  }
  const openActions = incident.actions.filter((action) => action.status === 'open').length;
  blocks.push({
    type: 'context',
    text: [
      'Declared ',
      { date: milestones.declaredAt },
      ' by ',
      { user: incident.declaredBy },
      incident.private ? ' · private' : '',
      openActions > 0 ? ` · ${openActions} open follow-up${openActions === 1 ? '' : 's'}` : '',
    ],
  });
  const buttons = cardButtons(incident);
  if (buttons.length > 0) blocks.push({ type: 'buttons', buttons });
  return {
    summary: [`${incident.id} ${incident.severity} ${incident.status}: `, { said: incident.title }],
    blocks,
  };
}
