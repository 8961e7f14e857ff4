import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { webApi } from '@slack/bolt';
import { parseWindow } from './commands/time.js';
import { type Config, loadConfig } from './config.js';
import { messageToText } from './console/render-text.js';
import { DURATION_KINDS } from './domain/durations.js';
import { FirewatchError } from './domain/errors.js';
import { parseIncidentId } from './domain/incident.js';
import { requireService } from './domain/service-catalog.js';
import { parseSeverity, type Severity } from './domain/severity.js';
import { documentInput } from './effects/document-input.js';
import { createLogger } from './logger.js';
import { composeCore } from './main.js';
import { fourKeysMessage } from './messages/four-keys.js';
import { statsMessage } from './messages/report.js';
import { sloMessage } from './messages/slo-report.js';
import type { SloStanding } from './reports/error-budget.js';
import type { FourKeys } from './reports/four-keys.js';
import { formatProblem, loadCatalog, type SloFolder } from './runbooks/catalog.js';
import { SlackDirectory } from './slack/slack-directory.js';
import { migrateStore } from './store/open-store.js';
import { restoreBackup } from './store/sqlite/sqlite-store.js';
import { isFieldProblem, parseDeploymentInput } from './usecases/deployment-input.js';
import { fourKeysReport } from './usecases/four-keys.js';
import { DEPLOYMENT_COLUMNS, importDeployments } from './usecases/import-deployments.js';
import { INCIDENT_COLUMNS, importIncidents } from './usecases/import-incidents.js';
import { incidentStatsFor, type StatsResult } from './usecases/incident-stats.js';
import { recordDeployment } from './usecases/record-deployment.js';
import { PRIVATE_INCIDENT, sloBudgets } from './usecases/slo-budgets.js';
import { describeProblem, formatOf, readTable } from './usecases/table-file.js';

export interface CliIo {
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
}

const USAGE = `Usage: firewatch <command>

  firewatch                               start the bot (the console when SLACK_BOT_TOKEN is not set)
  firewatch runbooks check [DIR]          validate every runbook; exits 1 on errors (for your CI)
  firewatch postmortem INC-n [--out FILE] render an incident's postmortem draft (stdout by default)
  firewatch report [--since 90d] [--service NAME] [--severity sevN] [--format table|json|csv] [--include-private] [--live-only]
                                          MTTx report: n, median, p90, max; DORA band (--live-only: without
                                          incidents recorded after the fact)
  firewatch slo [--service NAME] [--format table|json|csv] [--include-private]
                                          error budgets: each SLO's budget, spent (by which incidents), left, status
  firewatch dora [--since 90d] [--service NAME] [--format table|json|csv] [--include-private] [--live-only]
                                          DORA's four keys from production deployments, with bands
  firewatch deploy record --service NAME --sha SHA [--env production] [--at ISO] [--status success|failure]
                          [--commit SHA@ISO]…
                                          record a deployment from a pipeline that cannot send webhooks
  firewatch import deployments FILE.csv|FILE.json
                                          record past deployments (the webhook's fields, one row each)
  firewatch import incidents FILE.csv|FILE.json
                                          record past incidents after the fact (columns: see README.md)
  firewatch migrate                       bring the database's schema up to date (before a rollout)
  firewatch copy --from FILE --to URL     copy a SQLite history into an empty PostgreSQL database, and check it
  firewatch backup FILE                   online backup of a SQLite database (safe while the bot runs)
  firewatch restore FILE                  replace the database with a backup (stop the bot first)
  firewatch help                          this text

Configuration comes from the same environment variables as the bot (see README.md).`;

class UsageError extends Error {}

/** `--name value` and `--flag` options, and the remaining positional words. */
function options(
  args: string[],
  known: Record<string, 'value' | 'flag'>,
): { words: string[]; values: Record<string, string | true> } {
  const words: string[] = [];
  const values: Record<string, string | true> = {};
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split('=', 2);
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'flag') {
      values[name] = true;
      continue;
    }
    const value = inline ?? args[++index];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    values[name] = value;
  }
  return { words, values };
}

function checkRunbooks(dir: string, slos: SloFolder, io: CliIo): number {
  const { catalog, problems } = loadCatalog(dir, slos);
  for (const problem of problems)
    (problem.severity === 'error' ? io.stderr : io.stdout).write(`${formatProblem(problem)}\n`);
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const names = catalog.services().map((service) => service.name);
  const sloCount = catalog.services().reduce((count, service) => count + (service.slos?.length ?? 0), 0);
  io.stdout.write(
    `${names.length} service${names.length === 1 ? '' : 's'} in ${dir}${names.length > 0 ? `: ${names.join(', ')}` : ''}; ${sloCount} SLO${sloCount === 1 ? '' : 's'}; ${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}\n`,
  );
  return errors > 0 ? 1 : 0;
}

async function renderPostmortem(config: Config, args: string[], io: CliIo): Promise<number> {
  const { words, values } = options(args, { out: 'value' });
  const id = words[0] ? parseIncidentId(words[0]) : undefined;
  if (!id || words.length > 1) throw new UsageError('postmortem needs one incident id, like INC-42');
  // With a Slack token, people are named as Slack shows them; without, by their ids.
  const directory = config.slack
    ? new SlackDirectory(
        new webApi.WebClient(config.slack.botToken, {
          slackApiUrl: config.slack.apiUrl,
          retryConfig: { retries: 2 },
        }),
      )
    : undefined;
  const core = await composeCore(config, {
    logger: createLogger('silent'),
    ...(directory ? { directory } : {}),
  });
  try {
    const stored = await core.store.load(id);
    if (!stored)
      throw new FirewatchError('INCIDENT_NOT_FOUND', `There is no incident ${id} in ${config.databasePath}.`);
    const timeline = await core.store.timeline(id);
    const draft = core.documents.postmortem(
      await documentInput(core.deps, stored.incident, await core.store.refs(id), timeline),
    );
    if (draft.fallbackError)
      io.stderr.write(`warning: the template failed (${draft.fallbackError}); used the built-in one\n`);
    const out = values.out;
    if (typeof out === 'string') {
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, draft.markdown);
      io.stdout.write(`Wrote ${out}\n`);
    } else {
      io.stdout.write(draft.markdown);
    }
    return 0;
  } finally {
    await core.store.close();
  }
}

function fourKeysCsv(keys: FourKeys): string {
  const df = keys.deploymentFrequency;
  const lead = keys.leadTime;
  const cfr = keys.changeFailureRate;
  const recovery = keys.recoveryTime;
  const cell = (value: number | string | null) => (value === null ? '' : String(value));
  const rows = [
    ['key', 'n', 'value', 'median_minutes', 'p90_minutes', 'excluded', 'band'],
    ['deployment_frequency', df.deployments, df.perWeek, null, null, null, df.band],
    ['median_deploy_days_per_week', df.deployments, df.medianDeployDaysPerWeek, null, null, null, null],
    ['lead_time', lead.n, null, lead.medianMinutes, lead.p90Minutes, lead.excluded, lead.band],
    ['change_failure_rate', cfr.deployments, cfr.rate, null, null, null, cfr.band],
    ['recovery_time', recovery.n, null, recovery.medianMinutes, null, null, recovery.band],
    ['recorded_after_the_fact', keys.recordedAfterTheFact, null, null, null, null, null],
  ];
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

/** The `--since` window and `--format` that `report` and `dora` share, checked. */
function windowAndFormat(
  words: string[],
  values: Record<string, string | true>,
): { window: number; format: 'table' | 'json' | 'csv' } {
  if (words.length > 0) throw new UsageError(`unexpected "${words[0]}"`);
  const window = parseWindow(String(values.since ?? '90d'));
  if (!window) throw new UsageError(`--since takes a window like 90d, 12h or 2w, not "${values.since}"`);
  const format = String(values.format ?? 'table');
  if (format !== 'table' && format !== 'json' && format !== 'csv')
    throw new UsageError(`--format is table, json or csv, not "${format}"`);
  return { window, format };
}

async function doraCommand(config: Config, args: string[], io: CliIo): Promise<number> {
  const { words, values } = options(args, {
    since: 'value',
    service: 'value',
    format: 'value',
    'include-private': 'flag',
    'live-only': 'flag',
  });
  const { window, format } = windowAndFormat(words, values);
  const liveOnly = values['live-only'] === true;
  const core = await composeCore(config, { logger: createLogger('silent') });
  try {
    const keys = await fourKeysReport(
      core.deps,
      {
        window,
        ...(values.service !== undefined ? { service: String(values.service) } : {}),
        ...(liveOnly ? { liveOnly } : {}),
      },
      { viewer: 'system:cli', includePrivate: values['include-private'] === true },
    );
    if (format === 'json') io.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
    else if (format === 'csv') io.stdout.write(fourKeysCsv(keys));
    else
      io.stdout.write(
        `${messageToText(fourKeysMessage(keys, window, { liveOnly }), { zone: config.console.zone }).join('\n')}\n`,
      );
    return 0;
  } finally {
    await core.store.close();
  }
}

/** `deploy record`: a deployment from a pipeline step, with the same checks as the webhook's body. */
async function deployRecord(config: Config, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'record')
    throw new UsageError('did you mean: firewatch deploy record --service NAME --sha SHA');
  const commits: string[] = [];
  const kept: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index]!;
    if (arg === '--commit' || arg.startsWith('--commit=')) {
      const value = arg.includes('=') ? arg.slice('--commit='.length) : rest[++index];
      if (value === undefined) throw new UsageError('--commit needs SHA@ISO, like abc123@2026-11-26T14:00Z');
      commits.push(value);
    } else kept.push(arg);
  }
  const { words, values } = options(kept, {
    service: 'value',
    sha: 'value',
    env: 'value',
    at: 'value',
    status: 'value',
    id: 'value',
  });
  if (words.length > 0) throw new UsageError(`unexpected "${words[0]}"`);
  const body = {
    ...(values.id !== undefined ? { id: values.id } : {}),
    service: values.service,
    ...(values.env !== undefined ? { environment: values.env } : {}),
    sha: values.sha,
    ...(values.status !== undefined ? { status: values.status } : {}),
    finished_at: values.at ?? new Date().toISOString(),
    ...(commits.length > 0
      ? {
          commits: commits.map((commit) => {
            const [sha, committedAt] = commit.split('@', 2);
            return { sha, committed_at: committedAt };
          }),
        }
      : {}),
  };
  const input = parseDeploymentInput(body);
  if (isFieldProblem(input)) throw new UsageError(`${cliName(input.field)} ${input.message}`);
  const core = await composeCore(config, { logger: createLogger('silent') });
  try {
    const result = await recordDeployment(core.deps, input, { source: 'cli' });
    const deployment = result.deployment;
    io.stdout.write(
      result.outcome === 'recorded' && deployment
        ? `Recorded ${deployment.id}: ${deployment.service} ${deployment.sha} to ${deployment.environment} at ${deployment.finishedAt}${deployment.mapped ? '' : ' (no runbook names this service: reported as unmapped)'}.\n`
        : `Already recorded${deployment ? ` as ${deployment.id}` : ''}: nothing changed.\n`,
    );
    return 0;
  } finally {
    await core.store.close();
  }
}

/**
 * `import deployments|incidents FILE`: every row is checked first, and any problem (line and field
 * named) means nothing is written; a file imported twice adds nothing the second time.
 */
async function importCommand(config: Config, args: string[], io: CliIo): Promise<number> {
  const [what, file, ...rest] = args;
  if ((what !== 'deployments' && what !== 'incidents') || !file || rest.length > 0)
    throw new UsageError('did you mean: firewatch import deployments|incidents FILE.csv|FILE.json');
  const format = formatOf(file);
  if (!format) throw new UsageError(`${file}: import reads .csv or .json files`);
  if (!fs.existsSync(file)) throw new UsageError(`there is no file ${file}`);
  const columns = what === 'deployments' ? DEPLOYMENT_COLUMNS : INCIDENT_COLUMNS;
  const table = readTable(fs.readFileSync(file, 'utf8'), format, columns);
  if ('problem' in table) {
    io.stderr.write(`${file} ${describeProblem(table.problem)}\nNothing was imported.\n`);
    return 1;
  }
  const core = await composeCore(config, { logger: createLogger('silent') });
  try {
    const outcome =
      what === 'deployments'
        ? await importDeployments(core.deps, table.rows)
        : await importIncidents(core.deps, table.rows);
    if (!outcome.ok) {
      for (const problem of outcome.problems) io.stderr.write(`${file} ${describeProblem(problem)}\n`);
      const more = outcome.bad - outcome.problems.length;
      io.stderr.write(
        `${more > 0 ? `…and ${more} more. ` : ''}${outcome.bad} of ${table.rows.length} row${table.rows.length === 1 ? '' : 's'} ${outcome.bad === 1 ? 'is' : 'are'} not valid: nothing was imported. Fix ${outcome.bad === 1 ? 'it' : 'them'} and run the import again.\n`,
      );
      return 1;
    }
    const noun = what === 'deployments' ? 'deployment' : 'incident';
    io.stdout.write(
      `Imported ${outcome.recorded} ${noun}${outcome.recorded === 1 ? '' : 's'} from ${file}${outcome.duplicates > 0 ? `; ${outcome.duplicates} ${outcome.duplicates === 1 ? 'was' : 'were'} imported before: nothing changed` : ''}.\n`,
    );
    return 0;
  } finally {
    await core.store.close();
  }
}

/** The body's field names, as the CLI's options name them. */
function cliName(field: string): string {
  const names: Record<string, string> = {
    service: '--service',
    sha: '--sha',
    environment: '--env',
    finished_at: '--at',
    status: '--status',
  };
  return names[field] ?? (field.startsWith('commits') ? `--commit (${field})` : field);
}

function minutes(ms: number | undefined): string {
  return ms === undefined ? '' : (ms / 60_000).toFixed(1);
}

function csvCell(cell: string): string {
  return /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function reportCsv(result: StatsResult): string {
  const { report } = result;
  const lines = ['group,key,measure,incidents,n,median_minutes,p90_minutes,max_minutes'];
  const groups: Array<[string, string, number, (typeof report)['durations']]> = [
    ['all', '', report.incidents, report.durations],
    ...report.bySeverity.map((group): [string, string, number, typeof group.durations] => [
      'severity',
      group.key,
      group.incidents,
      group.durations,
    ]),
    ...report.byService.map((group): [string, string, number, typeof group.durations] => [
      'service',
      group.key,
      group.incidents,
      group.durations,
    ]),
  ];
  for (const [group, key, incidents, durations] of groups) {
    for (const kind of DURATION_KINDS) {
      const summary = durations[kind];
      const cells = [
        group,
        key,
        kind,
        String(incidents),
        String(summary.n),
        minutes(summary.median),
        minutes(summary.p90),
        minutes(summary.max),
      ];
      lines.push(cells.map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

async function report(config: Config, args: string[], io: CliIo): Promise<number> {
  const { words, values } = options(args, {
    since: 'value',
    service: 'value',
    severity: 'value',
    format: 'value',
    'include-private': 'flag',
    'live-only': 'flag',
  });
  const { window, format } = windowAndFormat(words, values);
  let severity: Severity | undefined;
  if (values.severity !== undefined) {
    severity = parseSeverity(String(values.severity));
    if (!severity) throw new UsageError(`--severity takes sev1 … sev4, not "${values.severity}"`);
  }
  const core = await composeCore(config, { logger: createLogger('silent') });
  try {
    const service =
      values.service !== undefined
        ? requireService(core.deps.catalog, String(values.service)).name
        : undefined;
    const result = await incidentStatsFor(
      core.deps,
      {
        window,
        ...(service ? { service } : {}),
        ...(severity ? { severity } : {}),
        ...(values['live-only'] === true ? { liveOnly: true } : {}),
      },
      { viewer: 'system:cli', includePrivate: values['include-private'] === true },
    );
    if (format === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (format === 'csv') io.stdout.write(`${reportCsv(result)}\n${fourKeysCsv(result.fourKeys)}`);
    else
      io.stdout.write(
        `${messageToText(statsMessage(result.report, result), { zone: config.console.zone }).join('\n')}\n`,
      );
    if (values['include-private'] !== true)
      io.stderr.write('Private incidents are left out; add --include-private to count them.\n');
    return 0;
  } finally {
    await core.store.close();
  }
}

/** The documented JSON shape of `firewatch slo --format json` (README.md). */
function sloJson(budget: SloStanding) {
  return {
    service: budget.service,
    slo: budget.slo,
    target: budget.target,
    windowDays: budget.windowDays,
    budgetMinutes: budget.budgetMinutes,
    spentMinutes: budget.spentMinutes,
    spentShare: budget.spentShare,
    incidents: budget.incidents.map(({ id, spentMinutes, spentShare }) => ({ id, spentMinutes, spentShare })),
    status: budget.status,
    deployedDuringFreeze: budget.deployedDuringFreeze,
  };
}

async function sloReport(config: Config, args: string[], io: CliIo): Promise<number> {
  const { words, values } = options(args, { service: 'value', format: 'value', 'include-private': 'flag' });
  if (words.length > 0) throw new UsageError(`unexpected "${words[0]}"`);
  const format = String(values.format ?? 'table');
  if (!['table', 'json', 'csv'].includes(format))
    throw new UsageError(`--format is table, json or csv, not "${format}"`);
  const core = await composeCore(config, { logger: createLogger('silent') });
  try {
    const budgets = await sloBudgets(
      core.deps,
      values.service !== undefined ? { service: String(values.service) } : {},
      { viewer: 'system:cli', includePrivate: values['include-private'] === true },
    );
    if (format === 'json') io.stdout.write(`${JSON.stringify(budgets.map(sloJson), null, 2)}\n`);
    else if (format === 'csv') {
      const lines = [
        'service,slo,target,window_days,budget_minutes,spent_minutes,spent_share,status,incidents',
      ];
      for (const budget of budgets)
        lines.push(
          [
            budget.service,
            budget.slo,
            String(budget.target),
            String(budget.windowDays),
            budget.budgetMinutes.toFixed(2),
            budget.spentMinutes.toFixed(2),
            budget.spentShare.toFixed(4),
            budget.status,
            budget.incidents.map((item) => item.id).join(' '),
          ]
            .map(csvCell)
            .join(','),
        );
      io.stdout.write(`${lines.join('\n')}\n`);
    } else
      io.stdout.write(
        `${messageToText(sloMessage(budgets, core.deps.settings.errorBudgetPolicy, values.service ? String(values.service) : undefined), { zone: config.console.zone }).join('\n')}\n`,
      );
    if (
      values['include-private'] !== true &&
      budgets.some((budget) => budget.incidents.some((item) => item.id === PRIVATE_INCIDENT))
    )
      io.stderr.write('Private incidents are counted but not named; add --include-private to name them.\n');
    return 0;
  } finally {
    await core.store.close();
  }
}

async function backup(config: Config, args: string[], io: CliIo): Promise<number> {
  const [destination, ...rest] = args;
  if (!destination || rest.length > 0) throw new UsageError('backup needs one destination file');
  const core = await composeCore(config, { logger: createLogger('silent') });
  try {
    if (!core.store.backup)
      throw new UsageError(
        'backup copies a SQLite database; for PostgreSQL use pg_dump (see docs/operations.md)',
      );
    await core.store.backup(destination);
    io.stdout.write(`Backed up ${config.databasePath} to ${destination}\n`);
    return 0;
  } finally {
    await core.store.close();
  }
}

/** Moving up from SQLite: the whole history into PostgreSQL, checked on both sides before it says done. */
async function copy(args: string[], io: CliIo): Promise<number> {
  const { words, values } = options(args, { from: 'value', to: 'value' });
  const from = values.from;
  const to = values.to;
  if (words.length > 0 || typeof from !== 'string' || typeof to !== 'string')
    throw new UsageError('copy needs --from ./data/firewatch.db --to postgres://user@host/db');
  if (!/^postgres(ql)?:\/\//i.test(to)) throw new UsageError('--to must be a postgres:// URL');
  if (!fs.existsSync(from)) throw new UsageError(`there is no SQLite database at ${from}`);
  const { copySqliteToPostgres } = await import('./store/copy-store.js');
  const { counts, lastNumber } = await copySqliteToPostgres(from, to);
  io.stdout.write(
    `Copied ${counts.incidents} incidents (${counts.events} timeline events, ${counts.outbox} outbox effects, ${counts.refs} refs) from ${from}.\n` +
      `Checked: the same rows and the same report figures on both sides; the next incident is INC-${lastNumber + 1}.\n` +
      'Point DATABASE_URL at the PostgreSQL database and start Firewatch there (stop the SQLite one first).\n',
  );
  return 0;
}

/** Migrations run at every start too; this runs them ahead of a rollout, once, and says what it did. */
async function migrate(config: Config, args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('migrate takes no arguments');
  const applied = await migrateStore(config);
  io.stdout.write(
    applied.length > 0
      ? `Migrated ${config.databasePath}: applied ${applied.map((version) => `#${version}`).join(', ')}.\n`
      : `${config.databasePath} is up to date: nothing to migrate.\n`,
  );
  return 0;
}

function restore(config: Config, args: string[], io: CliIo): number {
  const [source, ...rest] = args;
  if (!source || rest.length > 0) throw new UsageError('restore needs one backup file');
  const { incidents } = restoreBackup(source, config.databasePath);
  io.stdout.write(
    `Restored ${config.databasePath} from ${source} (${incidents} incident${incidents === 1 ? '' : 's'}). Start Firewatch again.\n`,
  );
  return 0;
}

/** Runs one CLI command; returns the exit code (0 fine, 1 failed, 2 bad usage). */
export async function runCli(
  argv: string[],
  io: CliIo,
  env?: Record<string, string | undefined>,
): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const config = loadConfig(env);
    switch (command) {
      case 'runbooks':
        if (args[0] !== 'check' || args.length > 2)
          throw new UsageError('did you mean: firewatch runbooks check [DIR]');
        return checkRunbooks(args[1] ?? config.runbooksDir, config.slos, io);
      case 'postmortem':
        return await renderPostmortem(config, args, io);
      case 'report':
        return await report(config, args, io);
      case 'slo':
        return await sloReport(config, args, io);
      case 'backup':
        return await backup(config, args, io);
      case 'restore':
        return restore(config, args, io);
      case 'migrate':
        return await migrate(config, args, io);
      case 'copy':
        return await copy(args, io);
      case 'dora':
        return await doraCommand(config, args, io);
      case 'deploy':
        return await deployRecord(config, args, io);
      case 'import':
        return await importCommand(config, args, io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`firewatch: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (FirewatchError.is(error)) {
      io.stderr.write(`firewatch: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  if (argv.length === 0) {
    await import('./main.js').then((main) => main.main());
  } else {
    process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr });
  }
}
