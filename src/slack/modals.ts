import type { IncidentId } from '../domain/incident.js';
import { ACTIVE_STATUSES, type Status } from '../domain/lifecycle.js';
import type { Service } from '../domain/ports.js';
import { SEVERITIES, SEVERITY_MEANING, type Severity } from '../domain/severity.js';
import { cut } from './render-blocks.js';

/** Modal titles, submit and close labels are plain text of at most 24 characters (views.open). */
type View = Record<string, unknown>;

export const CALLBACKS = {
  declare: 'declare_incident',
  status: 'update_status',
  note: 'add_note',
  resolve: 'resolve_incident',
} as const;

function plain(text: string, max = 75) {
  return { type: 'plain_text', text: cut(text, max), emoji: true };
}

function option(text: string, value: string) {
  return { text: plain(text, 75), value: value.slice(0, 75) };
}

function modal(callback: string, title: string, submit: string, metadata: object, blocks: object[]): View {
  return {
    type: 'modal',
    callback_id: callback,
    title: plain(title, 24),
    submit: plain(submit, 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(metadata).slice(0, 3000),
    blocks,
  };
}

function textInput(
  block: string,
  label: string,
  options: {
    multiline?: boolean;
    optional?: boolean;
    max?: number;
    placeholder?: string;
    initial?: string;
  } = {},
) {
  return {
    type: 'input',
    block_id: block,
    ...(options.optional ? { optional: true } : {}),
    label: plain(label, 2000),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      ...(options.multiline ? { multiline: true } : {}),
      max_length: options.max ?? 3000,
      ...(options.placeholder ? { placeholder: plain(options.placeholder, 150) } : {}),
      ...(options.initial ? { initial_value: options.initial.slice(0, options.max ?? 3000) } : {}),
    },
  };
}

export interface DeclareDefaults {
  title?: string;
  severity?: Severity;
  service?: string;
  private: boolean;
}

/** The declare form, for `/incident declare` without a title. */
export function declareModal(
  defaults: DeclareDefaults,
  services: readonly Service[],
  origin: { channel: string },
): View {
  const severityOptions = SEVERITIES.map((severity) =>
    option(`${severity} · ${SEVERITY_MEANING[severity]}`, severity),
  );
  const initialSeverity = severityOptions[SEVERITIES.indexOf(defaults.severity ?? 'SEV3')];
  const serviceOptions = services
    .slice(0, 100)
    .map((service) =>
      option(service.team ? `${service.name} (${service.team})` : service.name, service.name),
    );
  const initialService = serviceOptions.find((candidate) => candidate.value === defaults.service);
  return modal(CALLBACKS.declare, 'Declare an incident', 'Declare', origin, [
    textInput('title', 'Title', {
      max: 200,
      placeholder: 'Card payments timing out',
      ...(defaults.title ? { initial: defaults.title } : {}),
    }),
    {
      type: 'input',
      block_id: 'severity',
      label: plain('Severity'),
      element: {
        type: 'static_select',
        action_id: 'value',
        options: severityOptions,
        initial_option: initialSeverity,
      },
      hint: plain('If unsure, pick the higher severity.', 2000),
    },
    ...(serviceOptions.length > 0
      ? [
          {
            type: 'input',
            block_id: 'service',
            optional: true,
            label: plain('Service'),
            element: {
              type: 'static_select',
              action_id: 'value',
              options: serviceOptions,
              ...(initialService ? { initial_option: initialService } : {}),
            },
            hint: plain('Its runbook is posted and, for SEV1–SEV2, its on-call is paged.', 2000),
          },
        ]
      : []),
    {
      type: 'input',
      block_id: 'private',
      optional: true,
      label: plain('Visibility'),
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [option('Private: only people invited see it', 'private')],
        ...(defaults.private
          ? { initial_options: [option('Private: only people invited see it', 'private')] }
          : {}),
      },
    },
    textInput('description', 'What do we know so far?', { multiline: true, optional: true, max: 3000 }),
  ]);
}

/**
 * Where a card's button was clicked travels with its form: the submission then meets the same rule
 * as the button (anyone in a private incident's channel may act on it) and is confirmed there.
 */
export type FormOrigin = { channel?: string };

function origin(incident: IncidentId, from: FormOrigin): object {
  return { incident, ...(from.channel ? { channel: from.channel } : {}) };
}

export function statusModal(incident: IncidentId, current: Status, from: FormOrigin = {}): View {
  const statuses = [...ACTIVE_STATUSES, 'resolved' as const];
  const options = statuses.map((status) => option(status, status));
  return modal(CALLBACKS.status, `Update ${incident}`.slice(0, 24), 'Post', origin(incident, from), [
    {
      type: 'input',
      block_id: 'status',
      label: plain('Status'),
      element: {
        type: 'static_select',
        action_id: 'value',
        options,
        initial_option: options[statuses.indexOf(current as (typeof statuses)[number])] ?? options[0],
      },
    },
    textInput('message', 'What is new?', {
      multiline: true,
      optional: true,
      max: 3000,
      placeholder: 'Error rate is falling after the failover.',
    }),
  ]);
}

export function noteModal(incident: IncidentId, _status: Status, from: FormOrigin = {}): View {
  return modal(CALLBACKS.note, `Note on ${incident}`.slice(0, 24), 'Add', origin(incident, from), [
    textInput('text', 'Note', { multiline: true, max: 3000 }),
  ]);
}

export function resolveModal(incident: IncidentId, _status: Status, from: FormOrigin = {}): View {
  return modal(CALLBACKS.resolve, `Resolve ${incident}`.slice(0, 24), 'Resolve', origin(incident, from), [
    textInput('summary', 'How was it resolved?', { multiline: true, optional: true, max: 3000 }),
  ]);
}
