import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Firewatch, startFirewatch } from '../support/slack-harness.js';

let firewatch: Firewatch | undefined;
afterEach(async () => {
  await firewatch?.stop();
  firewatch = undefined;
});

describe('the deleted-database drill', () => {
  it('answers 503 on /healthz and refuses declarations once the database file is deleted', async () => {
    firewatch = await startFirewatch();
    const health = `http://127.0.0.1:${firewatch.server.port}/healthz`;
    expect((await fetch(health)).status).toBe(200);
    expect((await firewatch.command('declare sev3 Before the deletion')).text).toContain('Declared INC-1');

    const file = path.join(firewatch.dir, 'firewatch.db');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });

    const unhealthy = await fetch(health);
    expect(unhealthy.status).toBe(503);
    expect(JSON.stringify(await unhealthy.json())).toContain('deleted or replaced');
    const refused = (await firewatch.command('declare sev3 After the deletion')).text;
    expect(refused).not.toContain('Declared');
    expect(refused).toContain('deleted or replaced');
  });
});
