import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { actor, run, testDeps } from './harness.js';

/**
 * A small SQLite history made through the use cases: two resolved incidents (one with a
 * follow-up), and a private one declared by USAM.
 */
export async function smallHistory(file: string): Promise<void> {
  const deps = testDeps({ store: SqliteStore.open(file) });
  deps.clock.set('2026-11-20T10:00:00Z');
  await run(deps, 'declare sev2 service:payments Card payments timing out');
  deps.clock.advance('40m');
  await run(deps, 'resolve INC-1 Failed over');
  await run(deps, 'action INC-1 Add an alert <@UCAROL> due:2026-11-21');
  deps.clock.advance('1d');
  await run(deps, 'declare sev1 service:database Primary down');
  deps.clock.advance('64m');
  await run(deps, 'resolve INC-2');
  await run(deps, 'declare private sev3 Leaked token', actor('USAM'));
  await deps.store.close();
}
