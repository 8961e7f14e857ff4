import type { ErrorBudgetPolicy } from '../domain/error-budget-policy.js';
import { formatTarget } from '../domain/slo.js';
import type { IncidentBudgetLine } from '../reports/error-budget.js';
import type { Inline, Rich } from './model.js';

/** Three significant digits: `33.5 %`, `4.96 %`, `125 %`; a sliver is `< 0.01 %`, not `0.000732 %`. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.0001) return '< 0.01 %';
  return `${Number((share * 100).toPrecision(3))} %`;
}

/** `13.5 min`, `40.3 min`, `0 min`; under a hundredth of a minute, `< 0.01 min`. */
export function formatMinutes(minutes: number): string {
  if (minutes > 0 && minutes < 0.01) return '< 0.01 min';
  return `${minutes === 0 ? 0 : Number(minutes.toPrecision(3))} min`;
}

/** `99.9 % over 28 days`. */
export function describeObjective(target: number, windowDays: number): string {
  const days = Number(windowDays.toFixed(2));
  return `${formatTarget(target)} over ${days} day${days === 1 ? '' : 's'}`;
}

/** What an incident cost one SLO, in one line. */
export function budgetLine(line: IncidentBudgetLine): Rich {
  const name: Inline = { bold: line.slo };
  const objective = ` (${describeObjective(line.target, line.windowDays)}, ${formatMinutes(line.budgetMinutes)} of budget)`;
  if (!line.spend.known) {
    return [
      name,
      objective,
      `: up to ${formatShare(line.spend.upToShare)} if all traffic was affected; say how much with /incident impact PERCENT`,
    ];
  }
  return [
    name,
    objective,
    `: ${formatShare(line.spend.spentShare)} of the budget spent (${formatMinutes(line.spend.spentMinutes)}); ${formatMinutes(Math.max(0, line.leftMinutes))} left in the window`,
  ];
}

/** What the policy asks of this incident, if anything. */
export function policyAsks(lines: readonly IncidentBudgetLine[], policy: ErrorBudgetPolicy): string[] {
  const asks: string[] = [];
  const costly = lines.filter((line) => line.needsP0);
  if (costly.length > 0) {
    asks.push(
      `This incident spent more than ${formatShare(policy.incidentShare)} of ${costly.map((line) => line.slo).join(' and ')}'s budget: ${policy.incidentWords}.`,
    );
  }
  const frozen = lines.filter((line) => line.freeze);
  if (frozen.length > 0) {
    asks.push(`${frozen.map((line) => line.slo).join(' and ')}: budget exhausted, ${policy.freezeWords}.`);
  }
  return asks;
}
