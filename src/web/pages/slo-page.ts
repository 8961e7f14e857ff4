import { PRIVATE_INCIDENT } from '../../usecases/slo-budgets.js';
import { lineChart } from '../charts.js';
import type { Reader, SloBudget, TrendSources } from '../context.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';

function budgetSection(budget: SloBudget, index: number): Html {
  return html`<section aria-labelledby="slo-${index}">
<h2 id="slo-${index}">${budget.service}: ${budget.slo}</h2>
<p>Target ${(budget.target * 100).toFixed(3).replace(/\.?0+$/, '')} % over ${budget.windowDays} days: a budget of ${budget.budgetMinutes.toFixed(1)} minutes. Status: <strong>${budget.status}</strong>.</p>
${lineChart({
  id: `slo-${index}`,
  title: `${budget.slo}: budget left`,
  unit: 'min',
  xLabel: 'Day',
  x: budget.burnDown.map((point) => point.at / 1000),
  labels: budget.burnDown.map((point) => new Date(point.at).toISOString().slice(0, 10)),
  series: [
    { label: 'budget left', values: budget.burnDown.map((point) => Math.round(point.leftMinutes * 10) / 10) },
  ],
})}
${
  budget.incidents.length === 0
    ? html`<p class="muted">No incident spent any of it in this window.</p>`
    : html`<div class="scroll"><table><caption class="muted">Incidents that spent it</caption>
<thead><tr><th scope="col">Incident</th><th scope="col">Minutes</th><th scope="col">Share of the budget</th></tr></thead>
<tbody>${budget.incidents.map(
        (incident) =>
          html`<tr><th scope="row">${incident.id === PRIVATE_INCIDENT ? 'A private incident' : html`<a href="/incidents/${incident.id}">${incident.id}</a> ${incident.title}`}</th><td>${incident.spentMinutes.toFixed(1)}</td><td>${(incident.spentShare * 100).toFixed(1)} %</td></tr>`,
      )}</tbody></table></div>`
}
${
  budget.deployedDuringFreeze.length === 0
    ? ''
    : html`<div class="scroll"><table><caption class="muted">Deployed while this budget was exhausted</caption>
<thead><tr><th scope="col">Deployment</th><th scope="col">Sha</th><th scope="col">By</th><th scope="col">Finished (UTC)</th></tr></thead>
<tbody>${budget.deployedDuringFreeze.map(
        (deployment) =>
          html`<tr><th scope="row">${deployment.id}</th><td><code>${deployment.sha.slice(0, 7)}</code></td><td>${deployment.creator ? `@${deployment.creator}` : '—'}</td><td>${deployment.finishedAt.slice(0, 16).replace('T', ' ')}</td></tr>`,
      )}</tbody></table></div>`
}
</section>`;
}

export async function sloPage(
  trends: TrendSources,
  reader: Reader,
  frame: { signOut?: boolean },
): Promise<string> {
  const budgets = trends.sloBudgets ? await trends.sloBudgets(reader) : [];
  const body =
    budgets.length === 0
      ? html`<div class="empty"><p><strong>No SLOs are known yet.</strong></p>
<p>An SLO is declared in its service's runbook, in the front matter: an <code>slos:</code> list whose entries use OpenSLO v1's field names (a name, a target such as 0.999 and a time window such as 28 days). Once a service has one, this page shows its error budget over the window as a burn-down chart, with the incidents that spent it.</p></div>`
      : html`${budgets.map(budgetSection)}`;
  return page({
    title: 'SLOs',
    section: 'slo',
    charts: budgets.length > 0,
    reader: reader.name,
    ...frame,
    body: html`<h1>SLOs and error budgets</h1>
${body}`,
  });
}
