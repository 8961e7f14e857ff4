import { isMap, LineCounter, parseDocument } from 'yaml';
import { ROUTING_KEY_PREFIX } from '../domain/pager.js';
import type { Dashboard, PagerDutyLink, RunbookSection, Service } from '../domain/ports.js';
import { readRunbookSlos } from './parse-slo.js';

export interface RunbookProblem {
  file: string;
  line?: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface ParsedRunbook {
  service?: Service;
  problems: RunbookProblem[];
}

const KNOWN_KEYS = new Set(['service', 'aliases', 'team', 'pagerduty', 'dashboards', 'slos', 'repositories']);

/** `owner/name`, as GitHub spells a repository in its webhooks (`repository.full_name`). */
const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9_.-]+$/;
const PAGERDUTY_KEYS = new Set(['service_id', 'escalation_policy_id', 'routing_key_env', 'auto_declare']);
const NAME = /^[a-z0-9][a-z0-9_-]{0,79}$/;

/** Only http(s) links are shown to people: a `javascript:` or `file:` URL in a runbook is refused. */
export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** `## Heading` sections of a markdown body, and its `# Title`. */
export function splitSections(body: string): { title?: string; sections: RunbookSection[] } {
  let title: string | undefined;
  const sections: RunbookSection[] = [];
  let current: { heading: string; lines: string[] } | undefined;
  let fenced = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const h1 = !fenced && /^#\s+(.+?)\s*#*\s*$/.exec(line);
    const h2 = !fenced && /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (h1 && !title && !current) {
      title = h1[1];
      continue;
    }
    if (h2) {
      if (current) sections.push({ heading: current.heading, markdown: current.lines.join('\n').trim() });
      current = { heading: h2[1]!, lines: [] };
      continue;
    }
    current?.lines.push(line);
  }
  if (current) sections.push({ heading: current.heading, markdown: current.lines.join('\n').trim() });
  return { ...(title ? { title } : {}), sections };
}

/** Parses one runbook file: YAML front matter between `---` lines, then markdown. */
export function parseRunbook(file: string, text: string): ParsedRunbook {
  const problems: RunbookProblem[] = [];
  const error = (message: string, line?: number) =>
    problems.push({ file, severity: 'error', message, ...(line ? { line } : {}) });
  const warn = (message: string, line?: number) =>
    problems.push({ file, severity: 'warning', message, ...(line ? { line } : {}) });

  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) {
    error('no front matter: the file must start with a line "---", the YAML fields, then another "---"', 1);
    return { problems };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(match[1]!, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Front matter starts on the file's second line.
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line + 1;
  for (const yamlError of document.errors) {
    error(`YAML: ${yamlError.message.split('\n')[0]}`, lineOf(yamlError.pos[0]));
  }
  if (document.errors.length > 0) return { problems };
  const data = document.toJS() as unknown;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    error('front matter must be a YAML mapping of fields (service: …, aliases: …)', 2);
    return { problems };
  }
  const fields = data as Record<string, unknown>;
  const keyLine = (key: string) => {
    const contents = document.contents;
    if (!isMap(contents)) return undefined;
    const pair = contents.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
    return lineOf((pair?.key as { range?: [number, number] } | undefined)?.range?.[0]);
  };

  for (const key of Object.keys(fields)) {
    if (!KNOWN_KEYS.has(key))
      warn(`unknown field "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`, keyLine(key));
  }

  const name = fields.service;
  if (typeof name !== 'string' || !NAME.test(name)) {
    error('"service" must be a lowercase name like payments or api-gateway', keyLine('service') ?? 2);
    return { problems };
  }

  /** A list of names, each lowercased and checked; what does not fit is an error on the key's line. */
  const names = (key: string, example: string, fits: RegExp, what: (item: unknown) => string): string[] => {
    const value = fields[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      error(`"${key}" must be a list, like ${example}`, keyLine(key));
      return [];
    }
    const kept: string[] = [];
    for (const item of value) {
      if (typeof item === 'string' && fits.test(item.toLowerCase())) kept.push(item.toLowerCase());
      else error(what(item), keyLine(key));
    }
    return kept;
  };
  const aliases = names(
    'aliases',
    '[checkout, billing]',
    NAME,
    (alias) => `alias ${JSON.stringify(alias)} must be a lowercase name`,
  );
  const repositories = names(
    'repositories',
    '[acme/payments-api]',
    REPOSITORY,
    (repository) => `repository ${JSON.stringify(repository)} must be owner/name, like acme/payments-api`,
  );

  if (fields.team !== undefined && typeof fields.team !== 'string') {
    error('"team" must be text', keyLine('team'));
  }

  let pagerduty: PagerDutyLink | undefined;
  if (fields.pagerduty !== undefined) {
    const pd = fields.pagerduty;
    if (!pd || typeof pd !== 'object' || Array.isArray(pd)) {
      error(
        '"pagerduty" must be a mapping: { service_id: …, escalation_policy_id: …, routing_key_env: … }',
        keyLine('pagerduty'),
      );
    } else {
      const block = pd as Record<string, unknown>;
      for (const key of Object.keys(block)) {
        if (!PAGERDUTY_KEYS.has(key))
          warn(
            `unknown pagerduty field "${key}" (known: ${[...PAGERDUTY_KEYS].join(', ')})`,
            keyLine('pagerduty'),
          );
      }
      const text = (key: string): string | undefined => {
        const value = block[key];
        if (value === undefined) return undefined;
        if (typeof value === 'string' && value.trim()) return value.trim();
        error(`pagerduty.${key} must be text`, keyLine('pagerduty'));
        return undefined;
      };
      const routingKeyEnv = text('routing_key_env');
      if (routingKeyEnv && !/^[A-Z_][A-Z0-9_]*$/.test(routingKeyEnv)) {
        error(
          `pagerduty.routing_key_env "${routingKeyEnv}" must name an environment variable, like PD_ROUTING_PAYMENTS`,
          keyLine('pagerduty'),
        );
      } else if (routingKeyEnv && !routingKeyEnv.startsWith(ROUTING_KEY_PREFIX)) {
        // Firewatch reads routing keys once at start, from the PD_ROUTING_* variables only.
        error(
          `pagerduty.routing_key_env "${routingKeyEnv}" must start with ${ROUTING_KEY_PREFIX} (Firewatch reads routing keys from those variables only): rename the variable, e.g. ${ROUTING_KEY_PREFIX}${routingKeyEnv.replace(/^PD_/, '')}`,
          keyLine('pagerduty'),
        );
      }
      if (block.auto_declare !== undefined && typeof block.auto_declare !== 'boolean') {
        error('pagerduty.auto_declare must be true or false', keyLine('pagerduty'));
      }
      const serviceId = text('service_id');
      const escalationPolicyId = text('escalation_policy_id');
      pagerduty = {
        ...(serviceId ? { serviceId } : {}),
        ...(escalationPolicyId ? { escalationPolicyId } : {}),
        ...(routingKeyEnv ? { routingKeyEnv } : {}),
        autoDeclare: block.auto_declare === true,
      };
    }
  }

  const dashboards: Dashboard[] = [];
  if (fields.dashboards !== undefined) {
    if (!Array.isArray(fields.dashboards)) {
      error('"dashboards" must be a list of { title, url }', keyLine('dashboards'));
    } else {
      for (const entry of fields.dashboards) {
        const item = entry as { title?: unknown; url?: unknown } | null;
        if (!item || typeof item.title !== 'string' || typeof item.url !== 'string') {
          error('each dashboard needs a title and a url', keyLine('dashboards'));
        } else if (!isWebUrl(item.url)) {
          error(
            `dashboard "${item.title}" has a url that is not http(s): ${item.url}`,
            keyLine('dashboards'),
          );
        } else {
          dashboards.push({ title: item.title, url: item.url });
        }
      }
    }
  }

  const unusable = problems.some((problem) => problem.severity === 'error');
  // A broken SLO is an error for `runbooks check`, but leaves the runbook usable: only that SLO is out.
  const slos = fields.slos === undefined ? undefined : readRunbookSlos(fields.slos, name, file);
  for (const message of slos?.errors ?? []) error(message, keyLine('slos'));

  const body = text.slice(match[0].length);
  const { title, sections } = splitSections(body);
  if (sections.length === 0) warn('no "## " sections: responders look for a first-checks section');
  if (unusable) return { problems };
  return {
    service: {
      name,
      aliases,
      ...(typeof fields.team === 'string' ? { team: fields.team } : {}),
      file,
      ...(pagerduty ? { pagerduty } : {}),
      dashboards,
      ...(repositories.length > 0 ? { repositories } : {}),
      runbook: { title: title ?? `${name} runbook`, sections },
      ...(slos ? { slos: slos.slos } : {}),
    },
    problems,
  };
}
