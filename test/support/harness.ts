import path from 'node:path';
import pino from 'pino';
import { parseCommand } from '../../src/commands/grammar.js';
import { runCommand } from '../../src/commands/router.js';
import { messageToText } from '../../src/console/render-text.js';
import { DEFAULT_ERROR_BUDGET_POLICY } from '../../src/domain/error-budget-policy.js';
import { FirewatchError } from '../../src/domain/errors.js';
import type { Incident } from '../../src/domain/incident.js';
import type { Pager } from '../../src/domain/pager.js';
import type { IncidentStore, UserDirectory } from '../../src/domain/ports.js';
import { DEFAULT_REMINDER_POLICY } from '../../src/domain/reminders.js';
import type { Reply } from '../../src/messages/model.js';
import { type Catalog, loadCatalog } from '../../src/runbooks/catalog.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Actor, Deps, Settings } from '../../src/usecases/context.js';
import { ManualClock } from './clock.js';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const silentLogger = pino({ level: 'silent' });

export function exampleCatalog(): Catalog {
  return loadCatalog(path.join(REPO, 'runbooks')).catalog;
}

export interface TestDeps extends Deps {
  clock: ManualClock;
  store: IncidentStore;
}

export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    channelPrefix: 'inc',
    pageSeverities: ['SEV1', 'SEV2'],
    reminders: DEFAULT_REMINDER_POLICY,
    errorBudgetPolicy: DEFAULT_ERROR_BUDGET_POLICY,
    routingKey: (name) => (name.startsWith('PD_ROUTING_') ? `key-${name.toLowerCase()}` : undefined),
    ...overrides,
  };
}

export function testDeps(
  options: {
    settings?: Partial<Settings>;
    store?: IncidentStore;
    pager?: Pager;
    directory?: UserDirectory;
    catalog?: Catalog;
    clock?: ManualClock;
  } = {},
): TestDeps {
  return {
    store: options.store ?? SqliteStore.open(':memory:'),
    clock: options.clock ?? new ManualClock(),
    catalog: options.catalog ?? exampleCatalog(),
    settings: testSettings(options.settings),
    ...(options.pager ? { pager: options.pager } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
  };
}

export function actor(user = 'alice', channel?: string, zone = 'UTC'): Actor {
  return { user, zone, ...(channel ? { channel } : {}) };
}

/** Runs a command as typed; throws the coded error if it is refused, so tests can assert on it. */
export async function run(deps: Deps, text: string, who: Actor = actor()): Promise<Reply> {
  const parsed = parseCommand(text);
  if (!parsed.ok) throw parsed.error;
  const outcome = await runCommand(deps, parsed.command, who);
  if ('form' in outcome) throw new Error('expected a reply, got the declare form');
  return outcome.reply;
}

export async function incident(deps: Deps, id = 'INC-1'): Promise<Incident> {
  const stored = await deps.store.load(id);
  if (!stored) throw new FirewatchError('INCIDENT_NOT_FOUND', id);
  return stored.incident;
}

/** The plain text of a reply, as the console would print it. */
export function textOf(reply: Reply): string {
  return messageToText(reply.message, { zone: 'UTC' }).join('\n');
}

/** Claims and completes every recorded effect (as if delivered), returning their types in order. */
export async function drainEffects(store: IncidentStore): Promise<string[]> {
  const far = '2100-01-01T00:00:00.000Z';
  const types: string[] = [];
  for (;;) {
    const claimed = await store.claimEffects(far, 100, 1);
    if (claimed.length === 0) return types;
    for (const effect of claimed) {
      types.push(effect.effect.type);
      await store.completeEffect(effect, far);
    }
  }
}
