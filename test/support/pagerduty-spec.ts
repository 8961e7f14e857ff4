import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { REPO } from './harness.js';

/**
 * PagerDuty's own OpenAPI documents (PagerDuty/api-schema, kept in test/fixtures/pagerduty), turned
 * into validators for what Firewatch sends and for what the fakes answer. Each `$ref` is resolved by
 * Ajv within the document it was added as (`events#/…`, `rest#/…`).
 */
export const PAGERDUTY_DATA = path.join(REPO, 'test', 'fixtures', 'pagerduty');

export function loadPagerDutyData<T = unknown>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(PAGERDUTY_DATA, file), 'utf8')) as T;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

let ajv: Ajv | undefined;

function validators(): Ajv {
  if (ajv) return ajv;
  // OpenAPI 3.0 adds keywords of its own (example, readOnly, x-…): not strict, and nullable understood.
  ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  ajv.addFormat('date-time', {
    validate: (text: string) => DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)),
  });
  const isUrl = (text: string) => {
    try {
      return ['http:', 'https:'].includes(new URL(text).protocol);
    } catch {
      return false;
    }
  };
  ajv.addFormat('url', isUrl);
  ajv.addFormat('uri', isUrl);
  ajv.addFormat('email', /^[^@\s]+@[^@\s]+\.[^@\s]+$/);
  ajv.addFormat('tzinfo', true);
  ajv.addSchema(loadPagerDutyData('events-v2-openapiv3.json') as object, 'events');
  ajv.addSchema(restSpec(), 'rest');
  return ajv;
}

function problemsOf(ref: string, value: unknown, where: string): string[] {
  const validate = validators().getSchema(ref);
  if (!validate) throw new Error(`no schema at ${ref}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error: ErrorObject) => `${where}${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  );
}

/**
 * A `POST /v2/enqueue` body against the Events API v2 schema, plus the rules the prose adds
 * (developer-docs events-API-v2/02-Trigger-Events.md): a trigger carries a payload, summaries stop at
 * 1024 characters, dedup keys at 255, and images are served over https.
 */
export function eventProblems(body: unknown): string[] {
  const problems = problemsOf(
    'events#/paths/~1enqueue/post/requestBody/content/application~1json/schema',
    body,
    'event',
  );
  const event = body as {
    event_action?: string;
    dedup_key?: string;
    payload?: { summary?: string };
    images?: Array<{ src: string }>;
  };
  if (event.event_action === 'trigger' && !event.payload) problems.push('event: a trigger needs a payload');
  if ((event.payload?.summary?.length ?? 0) > 1024) problems.push('event: payload.summary is over 1024');
  if ((event.dedup_key?.length ?? 0) > 255) problems.push('event: dedup_key is over 255');
  if (event.event_action !== 'trigger' && !event.dedup_key)
    problems.push('event: ack/resolve need dedup_key');
  for (const image of event.images ?? [])
    if (!image.src.startsWith('https://')) problems.push('event: images must be https');
  return problems;
}

type Parameter = { name: string; in: string; schema: Record<string, unknown> };

/** A query value as the schema types it; anything that does not convert stays text, and fails. */
function typed(text: string, type: unknown): unknown {
  if (type === 'integer' && /^-?\d+$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The query of a `GET /oncalls` against the operation's declared parameters. */
export function onCallsQueryProblems(query: URLSearchParams): string[] {
  const rest = restSpec();
  const declared = (rest.paths['/oncalls']!.get!.parameters as Array<{ $ref: string }>).map(
    (reference) => rest.components.parameters[reference.$ref.split('/').pop()!] as Parameter,
  );
  const problems: string[] = [];
  for (const name of new Set(query.keys())) {
    const parameter = declared.find((candidate) => candidate.in === 'query' && candidate.name === name);
    if (!parameter) {
      problems.push(`query: ${name} is not a parameter of GET /oncalls`);
      continue;
    }
    const values = query.getAll(name);
    const { schema } = parameter;
    // `include[]` declares one item's schema and repeats (explode); `escalation_policy_ids[]` an array.
    const checks =
      schema.type === 'array'
        ? [values]
        : name.endsWith('[]')
          ? values.map((value) => typed(value, schema.type))
          : [typed(values[0]!, schema.type)];
    if (!name.endsWith('[]') && values.length > 1)
      problems.push(`query: ${name} is given ${values.length} times`);
    const validate = validators().compile(schema);
    for (const value of checks)
      if (!validate(value))
        problems.push(`query: ${name}=${values.join(',')} ${validators().errorsText(validate.errors)}`);
  }
  return problems;
}

/**
 * A `GET /oncalls` answer against its schema. Two documented facts the schema leaves out are
 * allowed for: with `include[]=users` each `user` is a full User (checked against that schema
 * instead), and `start`/`end` are null for a permanent on-call.
 */
export function onCallsResponseProblems(body: unknown): string[] {
  const answer = body as { oncalls?: Array<Record<string, unknown>> };
  const problems: string[] = [];
  const asReferences = (answer.oncalls ?? []).map((item, index) => {
    const user = item.user as { type?: string; id?: string } | undefined;
    const copy: Record<string, unknown> = { ...item };
    if (user?.type === 'user') {
      problems.push(...problemsOf('rest#/components/schemas/User', user, `oncalls/${index}/user`));
      copy.user = { id: user.id, type: 'user_reference' };
    }
    if (copy.start === null) delete copy.start;
    if (copy.end === null) delete copy.end;
    return copy;
  });
  problems.push(
    ...problemsOf(
      'rest#/paths/~1oncalls/get/responses/200/content/application~1json/schema',
      { ...answer, oncalls: asReferences },
      'answer',
    ),
  );
  return problems;
}

type RestSpec = {
  paths: Record<string, Record<string, { parameters: unknown }>>;
  components: { parameters: Record<string, unknown> };
};
let rest: RestSpec | undefined;
function restSpec(): RestSpec {
  rest ??= loadPagerDutyData<RestSpec>('rest-openapiv3.json');
  return rest;
}
