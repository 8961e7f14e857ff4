import type { ManualClock } from '../support/clock.js';
import type { Firewatch } from '../support/slack-harness.js';

export const ALICE = { id: 'UALICE', name: 'Alice Ward', email: 'alice@example.com', tz: 'Europe/Paris' };
export const BOB = { id: 'UBOB', name: 'Bob Stone', email: 'bob@example.com', tz: 'America/New_York' };
export const SCRIPT_TITLE = '<script>alert(1)</script> checkout broken';
export const PRIVATE_TITLE = 'Payroll export sent to the wrong bucket';

const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'];
const SERVICES = ['payments', 'database', 'api-gateway'];

async function said(firewatch: Firewatch, text: string, user = ALICE.id): Promise<string> {
  const answer = await firewatch.answer(text, { user });
  return answer.text;
}

/**
 * `weeks` weeks of incidents (eight unless told) typed as people type them in Slack, a week apart, each mitigated and
 * resolved after a while; then one with a hostile title, one private, one still open.
 * Returns the ids: resolved ones, the hostile title's, the private one's and the open one's.
 */
export async function seedIncidents(firewatch: Firewatch, clock: ManualClock, weeks = 8) {
  clock.set('2026-09-28T09:00:00Z');
  const resolved: string[] = [];
  for (let i = 0; i < weeks; i++) {
    const id = `INC-${i + 1}`;
    await said(
      firewatch,
      `declare ${SEVERITIES[i % 4]} service:${SERVICES[i % 3]} Incident ${i + 1} on ${SERVICES[i % 3]}`,
    );
    clock.advance(`${4 + i}m`);
    await said(firewatch, `assign ${id} commander <@${BOB.id}>`, BOB.id);
    clock.advance(`${20 + 5 * i}m`);
    await said(firewatch, `status ${id} monitoring Failed over`);
    clock.advance(`${30 + 10 * i}m`);
    await said(firewatch, `resolve ${id} Recovered`);
    resolved.push(id);
    clock.advance('7d');
  }
  // Slack sends what people type with &, < and > escaped, as here.
  const escaped = SCRIPT_TITLE.replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const script = `INC-${weeks + 1}`;
  await said(firewatch, `declare sev2 service:payments ${escaped}`);
  clock.advance('45m');
  await said(firewatch, `note ${script} Cards declined at &lt;b&gt;checkout&lt;/b&gt;`);
  await said(firewatch, `impact ${script} 30%`);
  await said(firewatch, `resolve ${script} Rolled back`);
  clock.advance('1h');
  await said(firewatch, `declare sev3 private ${PRIVATE_TITLE}`);
  clock.advance('1h');
  await said(firewatch, 'declare sev1 service:database Primary database unreachable');
  clock.advance('30m');
  await firewatch.settle();
  return { resolved, script, private: `INC-${weeks + 2}`, open: `INC-${weeks + 3}` };
}
