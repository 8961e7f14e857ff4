import {
  BUDGETING_METHODS,
  type BudgetingMethod,
  parseWindowDuration,
  type Slo,
  type SloWindow,
} from '../domain/slo.js';

/**
 * Reads SLOs written with OpenSLO v1's field names, from a runbook's `slos:` list or from an
 * OpenSLO document's `spec`. Every problem names the SLO and the field, so that a reader can find
 * it; the caller adds the file and line.
 */

/** OpenSLO names follow RFC 1123 labels: lowercase letters, digits and `-`, at most 63. */
const SLO_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface SloInput {
  name: unknown;
  description?: unknown;
  budgetingMethod: unknown;
  timeWindow: unknown;
  objectives: unknown;
}

export interface SloParse {
  slos: Slo[];
  /** Each says which SLO and which field, e.g. `SLO "checkout-availability": timeWindow[0].duration …`. */
  errors: string[];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

function readWindow(
  value: unknown,
  problem: (field: string, message: string) => void,
): SloWindow | undefined {
  if (!Array.isArray(value) || value.length !== 1 || !isMapping(value[0])) {
    problem('timeWindow', 'must be a list of one window, like [{ duration: 28d, isRolling: true }]');
    return undefined;
  }
  const window = value[0];
  const duration = window.duration;
  const parsed = typeof duration === 'string' ? parseWindowDuration(duration) : undefined;
  if (!parsed) {
    problem(
      'timeWindow[0].duration',
      `${JSON.stringify(duration ?? null)} is not an OpenSLO duration: write a whole number and one unit, case respected — m (minutes), h, d, w, M (months), Q or Y — like 28d, 4w or 1M`,
    );
  }
  if (typeof window.isRolling !== 'boolean') {
    problem(
      'timeWindow[0].isRolling',
      'must be true (the last DURATION up to now) or false (calendar periods)',
    );
    return undefined;
  }
  let calendar: SloWindow['calendar'];
  if (window.calendar !== undefined) {
    const given = window.calendar;
    if (!isMapping(given)) {
      problem(
        'timeWindow[0].calendar',
        'must be a mapping: { startTime: 2026-01-01 00:00:00, timeZone: UTC }',
      );
    } else {
      const startTime = given.startTime;
      const timeZone = given.timeZone;
      if (startTime !== undefined && (typeof startTime !== 'string' || Number.isNaN(Date.parse(startTime))))
        problem('timeWindow[0].calendar.startTime', 'must be a date and time, like 2026-01-01 00:00:00');
      if (timeZone !== undefined && typeof timeZone !== 'string')
        problem('timeWindow[0].calendar.timeZone', 'must be an IANA zone name, like UTC or Europe/Paris');
      calendar = {
        ...(typeof startTime === 'string' ? { startTime } : {}),
        ...(typeof timeZone === 'string' ? { timeZone } : {}),
      };
    }
  }
  if (!parsed) return undefined;
  return {
    duration: duration as string,
    count: parsed.count,
    unit: parsed.unit,
    isRolling: window.isRolling,
    ...(calendar ? { calendar } : {}),
  };
}

function readTarget(objective: unknown, field: string, problem: (field: string, message: string) => void) {
  if (!isMapping(objective)) {
    problem(field, 'must be a mapping like { target: 0.999 }');
    return undefined;
  }
  if (objective.target === undefined && typeof objective.targetPercent === 'number') {
    const percent = objective.targetPercent;
    if (percent > 0 && percent < 100) return percent / 100;
    problem(`${field}.targetPercent`, `${percent} must be strictly between 0 and 100, like 99.9`);
    return undefined;
  }
  const target = objective.target;
  if (typeof target !== 'number' || !(target > 0 && target < 1)) {
    problem(
      `${field}.target`,
      `${JSON.stringify(target ?? null)} must be a number strictly between 0 and 1, like 0.999 for 99.9 %`,
    );
    return undefined;
  }
  return target;
}

/** One SLO entry (OpenSLO field names) for `service`; several objectives give one SLO each. */
export function readSlo(
  input: SloInput,
  service: string,
  file: string,
  label: string,
  /** Where a field sits in the document (`spec.timeWindow` in an OpenSLO file). */
  fieldOf: (field: string) => string = (field) => field,
): SloParse {
  const errors: string[] = [];
  const name = typeof input.name === 'string' ? input.name : undefined;
  const who = name ? `SLO "${name}"` : label;
  const problem = (field: string, message: string) => errors.push(`${who}: ${fieldOf(field)} ${message}`);
  if (!name || !SLO_NAME.test(name)) {
    problem(
      'name',
      'must be a lowercase name of letters, digits and -, at most 63, like checkout-availability',
    );
  }
  if (input.description !== undefined && typeof input.description !== 'string') {
    problem('description', 'must be text');
  }
  const method = input.budgetingMethod;
  if (typeof method !== 'string' || !BUDGETING_METHODS.includes(method as BudgetingMethod)) {
    problem(
      'budgetingMethod',
      `${JSON.stringify(method ?? null)} must be one of ${BUDGETING_METHODS.join(', ')}`,
    );
  }
  const window = readWindow(input.timeWindow, problem);
  const objectives = input.objectives;
  const targets: Array<{ target: number; suffix: string }> = [];
  if (!Array.isArray(objectives) || objectives.length === 0) {
    problem('objectives', 'must be a list with at least one objective, like [{ target: 0.999 }]');
  } else {
    objectives.forEach((objective, index) => {
      const target = readTarget(objective, `objectives[${index}]`, problem);
      const displayName = isMapping(objective) ? objective.displayName : undefined;
      const suffix =
        objectives.length === 1 ? '' : `/${typeof displayName === 'string' ? displayName : index + 1}`;
      if (target !== undefined) targets.push({ target, suffix });
    });
  }
  if (errors.length > 0 || !name || !window) return { slos: [], errors };
  return {
    slos: targets.map(({ target, suffix }) => ({
      name: `${name}${suffix}`,
      ...(typeof input.description === 'string' ? { description: input.description } : {}),
      service,
      target,
      budgetingMethod: method as BudgetingMethod,
      window,
      file,
    })),
    errors,
  };
}

/** A runbook's `slos:` list. */
export function readRunbookSlos(value: unknown, service: string, file: string): SloParse {
  if (!Array.isArray(value)) {
    return {
      slos: [],
      errors: ['"slos" must be a list of SLOs, each with name, budgetingMethod, timeWindow and objectives'],
    };
  }
  const result: SloParse = { slos: [], errors: [] };
  value.forEach((entry, index) => {
    if (!isMapping(entry)) {
      result.errors.push(
        `slos[${index}] must be a mapping with name, budgetingMethod, timeWindow, objectives`,
      );
      return;
    }
    const read = readSlo(entry as unknown as SloInput, service, file, `slos[${index}]`);
    result.slos.push(...read.slos);
    result.errors.push(...read.errors);
  });
  const seen = new Set<string>();
  for (const slo of result.slos) {
    if (seen.has(slo.name)) result.errors.push(`SLO "${slo.name}": name is used twice in this runbook`);
    seen.add(slo.name);
  }
  return result;
}
