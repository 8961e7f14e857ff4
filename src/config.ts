import os from 'node:os';
import { INCIDENT_EDITORS, type IncidentEditors, parseIncidentEditors } from './domain/editors.js';
import {
  DEFAULT_ERROR_BUDGET_POLICY,
  type ErrorBudgetPolicy,
  parseErrorBudgetPolicy,
} from './domain/error-budget-policy.js';
import { FirewatchError } from './domain/errors.js';
import { ROUTING_KEY_PREFIX } from './domain/pager.js';
import { parseSeverity, SEVERITIES, type Severity } from './domain/severity.js';

/**
 * The one reader of the environment. Everything is validated at start; all problems are reported
 * together, each naming its variable, and the result is frozen.
 */
export interface Config {
  mode: 'http' | 'socket' | 'console';
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
  };
  port: number;
  /**
   * METRICS_PORT: when set, `/metrics` and `/healthz` are served on this port only (on HOST), and
   * no longer on PORT, so that PORT can face Slack and the webhooks alone.
   */
  metricsPort?: number;
  /** The address the HTTP server listens on (HOST). */
  host: string;
  /**
   * The web dashboard and who may read it (DASHBOARD_AUTH); absent in Slack mode until it is set,
   * and then the dashboard is not served.
   */
  dashboard?: DashboardConfig;
  /** The SQLite file, or (with PostgreSQL) the database URL without its password, for messages. */
  databasePath: string;
  /** Set when DATABASE_URL names PostgreSQL: several replicas may then share the database. */
  postgresUrl?: string;
  runbooksDir: string;
  /** OpenSLO documents (optional); `named` when SLO_DIR was set, so a missing folder is worth a warning. */
  slos: { dir: string; named: boolean };
  /** ERROR_BUDGET_POLICY: what a costly incident and an exhausted budget ask. */
  errorBudgetPolicy: ErrorBudgetPolicy;
  /** DECLARE_RATE_LIMIT: declarations per person or PagerDuty service a window; absent when `off`. */
  declareRateLimit?: { count: number; windowMs: number };
  /** INCIDENT_EDITORS: who may change an incident. */
  incidentEditors: IncidentEditors;
  templatesDir: string;
  postmortemsDir: string;
  announceChannel?: string;
  channelPrefix: string;
  pagerduty?: { token: string; from?: string; apiUrl: string; eventsUrl: string };
  pagerdutyWebhookSecret?: string;
  /** GITHUB_WEBHOOK_SECRET: verifies `POST /webhooks/github` (X-Hub-Signature-256). */
  githubWebhookSecret?: string;
  /** DEPLOY_WEBHOOK_TOKEN: the bearer token `POST /webhooks/deployments` wants. */
  deployWebhookToken?: string;
  /** DORA_ENVIRONMENTS: the environments whose deployments count towards the four keys. */
  doraEnvironments: string[];
  pageSeverities: Severity[];
  updateIntervals: Partial<Record<Severity, number>>;
  /**
   * PagerDuty Events API routing keys by variable name: every `PD_ROUTING_*` variable, read at
   * start like the rest. Runbooks name theirs (`routing_key_env: PD_ROUTING_PAYMENTS`).
   */
  routingKeys: Readonly<Record<string, string>>;
  runbookBaseUrl?: string;
  /** Unset means the mode's default (info for the server, warn for the console). */
  logLevel?: string;
  console: { user: string; zone: string };
}

export type DashboardConfig =
  | { auth: 'off' }
  | { auth: 'proxy'; trustedProxies: string[] }
  | { auth: 'slack'; clientId: string; clientSecret: string; sessionSecret?: string; publicUrl?: string };

type Env = Record<string, string | undefined>;

const DASHBOARD_AUTH_MODES = ['off', 'proxy', 'slack'];

/** Whether an address is this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

export const DEFAULTS = {
  slackApiUrl: 'https://slack.com/api/',
  port: 3000,
  databaseUrl: './data/firewatch.db',
  runbooksDir: './runbooks',
  sloDir: './slos',
  templatesDir: './templates',
  postmortemsDir: './postmortems',
  channelPrefix: 'inc',
  pagerdutyApiUrl: 'https://api.pagerduty.com',
  pagerdutyEventsUrl: 'https://events.pagerduty.com',
  pageSeverities: 'sev1,sev2',
  updateIntervals: 'sev1=15m,sev2=30m,sev3=2h,sev4=off',
  declareRateLimit: '20/1m',
} as const;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `30s`, `15m`, `2h` → ms; `off` → undefined. */
export function parseInterval(text: string): number | undefined | null {
  if (text.trim().toLowerCase() === 'off') return undefined;
  const match = /^(\d{1,6})([smh])$/i.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!;
  return ms > 0 ? ms : null;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const url = (name: string, fallback: string): string => {
    const value = get(name) ?? fallback;
    if (!isHttpUrl(value)) problems.push(`${name} must be an http(s) URL, not "${value}".`);
    return value;
  };

  const botToken = get('SLACK_BOT_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const appToken = get('SLACK_APP_TOKEN');
  const apiUrl = url('SLACK_API_URL', DEFAULTS.slackApiUrl);
  let mode: Config['mode'] = 'console';
  if (botToken) {
    if (!botToken.startsWith('xox'))
      problems.push('SLACK_BOT_TOKEN does not look like a Slack token (it starts with xoxb-).');
    if (appToken) {
      mode = 'socket';
      if (!appToken.startsWith('xapp-'))
        problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp- (Socket Mode).');
    } else {
      mode = 'http';
      if (!signingSecret) {
        problems.push(
          'SLACK_SIGNING_SECRET is missing: HTTP mode needs it to check that requests come from Slack (Basic Information → Signing Secret), or set SLACK_APP_TOKEN for Socket Mode.',
        );
      }
    }
  } else if (appToken || signingSecret) {
    problems.push(
      `${appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set but SLACK_BOT_TOKEN is not: set the bot token too, or neither for the local console.`,
    );
  }

  const portText = get('PORT') ?? String(DEFAULTS.port);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    problems.push(`PORT must be a port number (0–65535), not "${portText}".`);

  const metricsPortText = get('METRICS_PORT');
  const metricsPort = metricsPortText === undefined ? undefined : Number(metricsPortText);
  if (metricsPortText !== undefined) {
    if (!/^\d+$/.test(metricsPortText) || metricsPort! > 65535)
      problems.push(`METRICS_PORT must be a port number (0–65535), not "${metricsPortText}".`);
    else if (metricsPort === port && port !== 0)
      problems.push(
        `METRICS_PORT is PORT (${port}): give /metrics and /healthz a port of their own, or leave METRICS_PORT unset to serve them on PORT.`,
      );
    else if (mode === 'console')
      problems.push(
        'METRICS_PORT is for Slack mode: the console serves no /metrics. Unset it, or set SLACK_BOT_TOKEN.',
      );
  }

  const databaseUrl = get('DATABASE_URL') ?? DEFAULTS.databaseUrl;
  let databasePath = databaseUrl;
  let postgresUrl: string | undefined;
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    postgresUrl = databaseUrl;
    databasePath = redactPassword(databaseUrl);
  } else if (databaseUrl.startsWith('file:')) {
    databasePath = databaseUrl.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  }

  const pagerdutyToken = get('PAGERDUTY_TOKEN');
  const pagerdutyApiUrl = url('PAGERDUTY_API_URL', DEFAULTS.pagerdutyApiUrl);
  const pagerdutyEventsUrl = url('PAGERDUTY_EVENTS_URL', DEFAULTS.pagerdutyEventsUrl);
  const pagerdutyFrom = get('PAGERDUTY_FROM');
  if (pagerdutyFrom && !/^[^@\s]+@[^@\s]+$/.test(pagerdutyFrom))
    problems.push(`PAGERDUTY_FROM must be an email address, not "${pagerdutyFrom}".`);

  const pageSeverities: Severity[] = [];
  const pageText = get('PAGERDUTY_PAGE_SEVERITIES') ?? DEFAULTS.pageSeverities;
  if (pageText.toLowerCase() !== 'none') {
    for (const item of pageText.split(',')) {
      const severity = parseSeverity(item);
      if (severity) pageSeverities.push(severity);
      else
        problems.push(
          `PAGERDUTY_PAGE_SEVERITIES: "${item.trim()}" is not a severity; write e.g. sev1,sev2 (or none).`,
        );
    }
  }

  const updateIntervals: Partial<Record<Severity, number>> = {};
  const intervalText = get('INCIDENT_UPDATE_INTERVALS') ?? DEFAULTS.updateIntervals;
  const seen = new Set<Severity>();
  for (const item of intervalText.split(',')) {
    const [key = '', value = ''] = item.split('=');
    const severity = parseSeverity(key);
    const interval = parseInterval(value);
    if (!severity || interval === null) {
      problems.push(
        `INCIDENT_UPDATE_INTERVALS: "${item.trim()}" should look like sev1=15m (units s, m, h; or off).`,
      );
      continue;
    }
    seen.add(severity);
    if (interval !== undefined) updateIntervals[severity] = interval;
  }
  if (get('INCIDENT_UPDATE_INTERVALS')) {
    // Severities left out keep their defaults, so "sev1=5m" alone changes only SEV1.
    for (const item of DEFAULTS.updateIntervals.split(',')) {
      const [key = '', value = ''] = item.split('=');
      const severity = parseSeverity(key)!;
      const interval = parseInterval(value);
      if (!seen.has(severity) && typeof interval === 'number') updateIntervals[severity] = interval;
    }
  }

  const runbookBaseUrl = get('RUNBOOK_BASE_URL');
  if (runbookBaseUrl && !isHttpUrl(runbookBaseUrl))
    problems.push(`RUNBOOK_BASE_URL must be an http(s) URL, not "${runbookBaseUrl}".`);

  const channelPrefix = (get('INCIDENT_CHANNEL_PREFIX') ?? DEFAULTS.channelPrefix).toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]{0,20}$/.test(channelPrefix)) {
    problems.push(
      `INCIDENT_CHANNEL_PREFIX must be lowercase letters, digits, - or _ (at most 21), not "${channelPrefix}".`,
    );
  }

  const host = get('HOST') ?? (mode === 'console' ? '127.0.0.1' : '0.0.0.0');
  const dashboard = dashboardConfig(get, mode, host, problems);

  const logLevel = get('LOG_LEVEL')?.toLowerCase();
  if (logLevel && !LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}".`);

  const zone = get('TZ') ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const user =
    (get('USER') ?? get('LOGNAME') ?? safeUsername() ?? 'you').toLowerCase().replace(/[^a-z0-9._-]/g, '') ||
    'you';

  const rateText = get('DECLARE_RATE_LIMIT') ?? DEFAULTS.declareRateLimit;
  const rateMatch = /^(\d{1,6})\s*\/\s*(\S+)$/.exec(rateText);
  const rateWindow = rateMatch ? parseInterval(rateMatch[2]!) : null;
  const declareRateLimit =
    rateMatch && typeof rateWindow === 'number' && Number(rateMatch[1]) > 0
      ? { count: Number(rateMatch[1]), windowMs: rateWindow }
      : undefined;
  if (!declareRateLimit && rateText.toLowerCase() !== 'off')
    problems.push(
      `DECLARE_RATE_LIMIT: "${rateText}" should look like 20/1m (declarations per window of s, m or h), or off.`,
    );

  const editorsText = get('INCIDENT_EDITORS') ?? 'anyone';
  const incidentEditors = parseIncidentEditors(editorsText);
  if (!incidentEditors)
    problems.push(
      `INCIDENT_EDITORS must be one of ${INCIDENT_EDITORS.join(', ')}, not "${editorsText}": anyone (the default), participants (people taking part), or roles (and the commander or deputy for milestones, severity, resolve, reopen and close).`,
    );

  const budgetPolicy = parseErrorBudgetPolicy(get('ERROR_BUDGET_POLICY') ?? '');
  problems.push(...budgetPolicy.problems);

  if (problems.length > 0) {
    throw new FirewatchError(
      'INVALID_CONFIG',
      `Firewatch cannot start:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      'Fix the environment variables above (see the configuration table in README.md).',
    );
  }

  const announceChannel = get('INCIDENT_ANNOUNCE_CHANNEL');
  const webhookSecret = get('PAGERDUTY_WEBHOOK_SECRET');
  const githubWebhookSecret = get('GITHUB_WEBHOOK_SECRET');
  const deployWebhookToken = get('DEPLOY_WEBHOOK_TOKEN');
  const doraEnvironments = (get('DORA_ENVIRONMENTS') ?? 'production')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  return deepFreeze({
    mode,
    ...(botToken
      ? {
          slack: {
            botToken,
            apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
            ...(signingSecret ? { signingSecret } : {}),
            ...(appToken ? { appToken } : {}),
          },
        }
      : {}),
    port,
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    host,
    ...(dashboard ? { dashboard } : {}),
    databasePath,
    ...(postgresUrl ? { postgresUrl } : {}),
    runbooksDir: get('RUNBOOKS_DIR') ?? DEFAULTS.runbooksDir,
    slos: { dir: get('SLO_DIR') ?? DEFAULTS.sloDir, named: get('SLO_DIR') !== undefined },
    errorBudgetPolicy: budgetPolicy.policy ?? DEFAULT_ERROR_BUDGET_POLICY,
    incidentEditors: incidentEditors ?? 'anyone',
    ...(declareRateLimit ? { declareRateLimit } : {}),
    templatesDir: get('TEMPLATES_DIR') ?? DEFAULTS.templatesDir,
    postmortemsDir: get('POSTMORTEMS_DIR') ?? DEFAULTS.postmortemsDir,
    ...(announceChannel ? { announceChannel: announceChannel.replace(/^#/, '') } : {}),
    channelPrefix,
    ...(pagerdutyToken
      ? {
          pagerduty: {
            token: pagerdutyToken,
            apiUrl: pagerdutyApiUrl.replace(/\/+$/, ''),
            eventsUrl: pagerdutyEventsUrl.replace(/\/+$/, ''),
            ...(pagerdutyFrom ? { from: pagerdutyFrom } : {}),
          },
        }
      : {}),
    ...(webhookSecret ? { pagerdutyWebhookSecret: webhookSecret } : {}),
    ...(githubWebhookSecret ? { githubWebhookSecret } : {}),
    ...(deployWebhookToken ? { deployWebhookToken } : {}),
    doraEnvironments: doraEnvironments.length > 0 ? doraEnvironments : ['production'],
    pageSeverities: [...new Set(pageSeverities)].sort(
      (a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b),
    ),
    updateIntervals,
    routingKeys: routingKeysOf(env),
    ...(runbookBaseUrl ? { runbookBaseUrl } : {}),
    ...(logLevel ? { logLevel } : {}),
    console: { user, zone },
  });
}

/** DASHBOARD_AUTH and what each mode needs; `off` only where nobody else can reach the port. */
function dashboardConfig(
  get: (name: string) => string | undefined,
  mode: Config['mode'],
  host: string,
  problems: string[],
): DashboardConfig | undefined {
  const auth = get('DASHBOARD_AUTH')?.toLowerCase() ?? (mode === 'console' ? 'off' : undefined);
  if (!auth) return undefined;
  if (!DASHBOARD_AUTH_MODES.includes(auth)) {
    problems.push(`DASHBOARD_AUTH must be one of ${DASHBOARD_AUTH_MODES.join(', ')}, not "${auth}".`);
    return undefined;
  }
  if (auth === 'off') {
    if (mode === 'socket')
      problems.push(
        'DASHBOARD_AUTH=off is refused in Socket Mode: its HTTP server listens on every address, so anyone who can reach the port could read every incident. Use DASHBOARD_AUTH=proxy or slack.',
      );
    else if (!isLoopback(host))
      problems.push(
        `DASHBOARD_AUTH=off is refused while listening on ${host}: without sign-in, anyone who can reach the port could read every incident. Set HOST=127.0.0.1 (this machine only), or use DASHBOARD_AUTH=proxy or slack.`,
      );
    return { auth: 'off' };
  }
  if (auth === 'proxy') {
    const trustedProxies = (get('DASHBOARD_TRUSTED_PROXIES') ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean);
    if (trustedProxies.length === 0)
      problems.push(
        "DASHBOARD_AUTH=proxy needs DASHBOARD_TRUSTED_PROXIES: the proxy's addresses, comma-separated (e.g. 10.0.0.5,10.0.0.6).",
      );
    return { auth: 'proxy', trustedProxies };
  }
  const clientId = get('SLACK_CLIENT_ID');
  const clientSecret = get('SLACK_CLIENT_SECRET');
  if (!clientId || !clientSecret)
    problems.push(
      'DASHBOARD_AUTH=slack needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App Credentials) for Sign in with Slack.',
    );
  const publicUrl = get('DASHBOARD_URL');
  if (publicUrl && !isHttpUrl(publicUrl))
    problems.push(`DASHBOARD_URL must be an http(s) URL, not "${publicUrl}".`);
  const sessionSecret = get('DASHBOARD_SESSION_SECRET');
  return {
    auth: 'slack',
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    ...(sessionSecret ? { sessionSecret } : {}),
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
  };
}

function safeUsername(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

function routingKeysOf(env: Env): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const key = value?.trim();
    if (name.startsWith(ROUTING_KEY_PREFIX) && key) keys[name] = key;
  }
  return keys;
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for logs and messages. */
function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
