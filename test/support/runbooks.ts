import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './harness.js';
import { tempDir } from './temp.js';

/** A copy of the example runbooks plus `search`, whose high-urgency PagerDuty incidents declare themselves. */
export function runbooksWithAutoDeclare(): string {
  const dir = tempDir();
  for (const file of fs.readdirSync(path.join(REPO, 'runbooks')))
    fs.copyFileSync(path.join(REPO, 'runbooks', file), path.join(dir, file));
  fs.writeFileSync(
    path.join(dir, 'search.md'),
    [
      '---',
      'service: search',
      'pagerduty: { service_id: PSEARCH, escalation_policy_id: PSRCHEP, routing_key_env: PD_ROUTING_SEARCH, auto_declare: true }',
      '---',
      '# Search runbook',
      '## First checks',
      'Look at the index.',
      '',
    ].join('\n'),
  );
  return dir;
}
