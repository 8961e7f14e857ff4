import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { REPO, run, testDeps } from '../support/harness.js';
import { smallHistory } from '../support/history.js';
import { serverPool, serverSchema, TEST_POSTGRES_URL } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';

const schemas: Array<{ drop(): Promise<void> }> = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

async function cli(args: string[], database = path.join(tempDir(), 'unused.db')) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { stdout: { write: (text) => (stdout += text) }, stderr: { write: (text) => (stderr += text) } },
    { RUNBOOKS_DIR: path.join(REPO, 'runbooks'), DATABASE_URL: database },
  );
  return { code, stdout, stderr };
}

async function history(): Promise<string> {
  const file = path.join(tempDir(), 'firewatch.db');
  await smallHistory(file);
  const deployed = await cli(
    ['deploy', 'record', '--service', 'payments', '--sha', 'a1b2c3d4e5', '--at', '2026-11-20T09:30:00Z'],
    file,
  );
  expect(deployed.stderr).toBe('');
  return file;
}

describe.runIf(TEST_POSTGRES_URL)('firewatch copy: SQLite into PostgreSQL', () => {
  const url = TEST_POSTGRES_URL!;

  it('moves the whole history over, proves it, and numbers on from where SQLite stopped', async () => {
    const from = await history();
    const created = await serverSchema(url);
    schemas.push(created);
    const to = `${url}?options=${encodeURIComponent(`-c search_path=${created.schema}`)}`;
    const copied = await cli(['copy', '--from', from, '--to', to]);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    expect(copied.stdout).toContain('Copied 3 incidents');
    expect(copied.stdout).toContain('the next incident is INC-4');

    const sqlite = SqliteStore.open(from);
    const postgres = await PostgresStore.open(serverPool(url, created.schema));
    for (const id of ['INC-1', 'INC-2', 'INC-3']) {
      expect(await postgres.load(id)).toEqual(await sqlite.load(id));
      expect(await postgres.timeline(id)).toEqual(await sqlite.timeline(id));
      expect(await postgres.refs(id)).toEqual(await sqlite.refs(id));
    }
    expect(await postgres.outboxStats()).toEqual(await sqlite.outboxStats());
    const deployments = await postgres.deployments({});
    expect(deployments).toEqual(await sqlite.deployments({}));
    expect(deployments.map((deployment) => deployment.sha)).toEqual(['a1b2c3d4e5']);
    // Deployments recorded after the move are numbered on, too.
    const later = await cli(['deploy', 'record', '--service', 'payments', '--sha', 'f6e5d4c3b2'], to);
    expect(later.stderr).toBe('');
    expect((await postgres.deployments({ ref: 'f6e5d4c3b2' })).map((deployment) => deployment.id)).toEqual([
      'D-2',
    ]);
    // Private stays private; new incidents carry the numbering on.
    expect((await postgres.list({ viewer: 'UALICE' })).map((incident) => incident.id)).toEqual([
      'INC-2',
      'INC-1',
    ]);
    const deps = testDeps({ store: postgres });
    await run(deps, 'declare sev3 After the move');
    expect((await postgres.load('INC-4'))?.incident.title).toBe('After the move');

    // A second copy into a database that holds incidents is refused, and changes nothing.
    const again = await cli(['copy', '--from', from, '--to', to]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds 4 incidents');
    await sqlite.close();
    await postgres.close();
  });
});

describe('firewatch copy', () => {
  it('says what is wrong with the arguments', async () => {
    expect((await cli(['copy', '--from', 'nope.db'])).stderr).toContain('copy needs --from');
    expect((await cli(['copy', '--from', 'nope.db', '--to', 'mysql://x'])).stderr).toContain(
      'must be a postgres:// URL',
    );
    expect(
      (await cli(['copy', '--from', '/nowhere/x.db', '--to', 'postgres://localhost/x'])).stderr,
    ).toContain('there is no SQLite database at /nowhere/x.db');
  });
});
