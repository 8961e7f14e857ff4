import type { ErrorBudgetPolicy } from '../domain/error-budget-policy.js';
import { formatTarget } from '../domain/slo.js';
import type { FrozenDeployment, SloBudget, SloStanding } from '../reports/error-budget.js';
import { formatMinutes, formatShare } from './error-budget.js';
import type { Block, Message, Rich } from './model.js';

const STATUS_EMOJI: Record<SloBudget['status'], string> = {
  healthy: '🟢',
  'half-spent': '🟠',
  exhausted: '🔴',
};

/** `28d rolling` or `1M calendar`. */
export function windowDescription(budget: SloBudget): string {
  return `${budget.window.duration} ${budget.window.isRolling ? 'rolling' : 'calendar'}`;
}

/** The rows of the SLO report, as plain cells (the table block and the CLI's table share them). */
export function sloRows(budgets: readonly SloBudget[]): string[][] {
  return budgets.map((budget) => [
    budget.service,
    budget.slo,
    formatTarget(budget.target),
    windowDescription(budget),
    formatMinutes(budget.budgetMinutes),
    `${formatMinutes(budget.spentMinutes)} (${formatShare(budget.spentShare)})`,
    formatMinutes(Math.max(0, budget.budgetMinutes - budget.spentMinutes)),
    `${STATUS_EMOJI[budget.status]} ${budget.status}`,
  ]);
}

export const SLO_COLUMNS = ['Service', 'SLO', 'Target', 'Window', 'Budget', 'Spent', 'Left', 'Status'];

/** `/incident slo`: each SLO's budget, who spent it, and the change freeze where a budget is exhausted. */
export function sloMessage(
  budgets: readonly SloStanding[],
  policy: ErrorBudgetPolicy,
  service?: string,
): Message {
  if (budgets.length === 0) {
    return {
      summary: [service ? `${service} has no SLOs.` : 'No SLOs are defined.'],
      blocks: [
        { type: 'text', text: [service ? `${service} has no SLOs.` : 'No SLOs are defined.'] },
        {
          type: 'context',
          text: [
            "Add a slos: list to a runbook's front matter (OpenSLO field names: name, budgetingMethod, timeWindow, objectives), or OpenSLO files to SLO_DIR.",
          ],
        },
      ],
    };
  }
  const blocks: Block[] = [
    { type: 'text', text: [{ bold: `Error budgets${service ? ` of ${service}` : ''}` }] },
    { type: 'table', columns: SLO_COLUMNS, rows: sloRows(budgets) },
  ];
  const spenders = budgets
    .filter((budget) => budget.incidents.length > 0 || budget.unmeasured.length > 0)
    .map((budget) => [
      { bold: budget.slo },
      ': ',
      [
        ...budget.incidents.map((item) => `${item.id} ${formatShare(item.spentShare)}`),
        ...budget.unmeasured.map(
          (item) =>
            `${item.id} impact not recorded (up to ${formatShare(item.upToShare)} if all traffic was affected)`,
        ),
      ].join(', '),
    ]);
  if (spenders.length > 0) blocks.push({ type: 'list', items: spenders });
  const frozen = [...new Set(budgets.filter((budget) => budget.freeze).map((budget) => budget.service))];
  for (const name of frozen) {
    const slos = budgets
      .filter((budget) => budget.freeze && budget.service === name)
      .map((budget) => budget.slo);
    blocks.push({
      type: 'text',
      text: ['🧊 ', { bold: `${name}: ${policy.freezeWords}` }, ` (budget exhausted: ${slos.join(', ')})`],
    });
  }
  for (const name of new Set(budgets.map((budget) => budget.service))) {
    const deployed = new Map<string, FrozenDeployment>();
    for (const budget of budgets.filter((item) => item.service === name))
      for (const deployment of budget.deployedDuringFreeze) deployed.set(deployment.id, deployment);
    if (deployed.size === 0) continue;
    blocks.push(
      { type: 'text', text: [{ bold: `Deployed to ${name} while its budget was exhausted:` }] },
      {
        type: 'list',
        items: [...deployed.values()]
          .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))
          .map(
            (deployment): Rich => [
              { bold: deployment.id },
              ' ',
              { code: deployment.sha.slice(0, 7) },
              deployment.creator ? ` by @${deployment.creator}` : '',
              ', ',
              { date: deployment.finishedAt },
            ],
          ),
      },
    );
  }
  const worst = budgets.some((budget) => budget.status === 'exhausted')
    ? 'exhausted'
    : budgets.some((budget) => budget.status === 'half-spent')
      ? 'half-spent'
      : 'healthy';
  return {
    summary: [
      `Error budgets${service ? ` of ${service}` : ''}: ${budgets.length} SLO${budgets.length === 1 ? '' : 's'}, worst ${worst}`,
    ],
    blocks,
  };
}
