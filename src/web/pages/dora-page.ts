import { DORA_BAND_MEANING, doraBand } from '../../reports/dora.js';
import { lineChart } from '../charts.js';
import type { DoraKey, Reader, TrendSources, WebDeps } from '../context.js';
import { duration, minutes } from '../format.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import { WINDOWS, windowForm } from '../window.js';
import { reportData, weekLabel } from './reports-page.js';

/**
 * The one key incidents alone give: failed-deployment recovery time, taken (until deployments are
 * known) as the median time to resolve, each week banded like `stats` bands it.
 */
export async function recoveryKey(deps: WebDeps, reader: Reader, window: string): Promise<DoraKey> {
  const { report, weeks } = await reportData(deps, reader, window);
  return {
    name: 'Recovery time (median time to resolve)',
    unit: 'min',
    weeks: weeks.map((week) => {
      const median = week.durations.ttr.median;
      return {
        week: week.week,
        value: minutes(median),
        n: week.durations.ttr.n,
        ...(median !== undefined ? { band: doraBand(median) } : {}),
      };
    }),
    ...(report.dora
      ? {
          overall: {
            value: duration(report.dora.medianTtr),
            band: `${report.dora.band} (${DORA_BAND_MEANING[report.dora.band]})`,
            n: report.dora.n,
          },
        }
      : {}),
    note: 'Until deployments are recorded, every resolved incident counts, not only those a deployment caused.',
  };
}

function keySection(key: DoraKey, index: number): Html {
  return html`<section aria-labelledby="key-${index}">
<h2 id="key-${index}">${key.name}</h2>
${key.overall ? html`<p>Over the window: <strong>${key.overall.value}</strong>${key.overall.band ? html`, band <strong>${key.overall.band}</strong>` : ''} (n = ${key.overall.n}).</p>` : html`<p class="muted">Nothing to measure in this window.</p>`}
${key.note ? html`<p class="note">${key.note}</p>` : ''}
${lineChart({
  id: `dora-${index}`,
  title: `${key.name} by week`,
  unit: key.unit,
  x: key.weeks.map((week) => week.week / 1000),
  labels: key.weeks.map((week) => weekLabel(week.week)),
  series: [{ label: key.name, values: key.weeks.map((week) => week.value) }],
  extra: [
    { label: 'band', values: key.weeks.map((week) => week.band ?? '—') },
    { label: 'n', values: key.weeks.map((week) => week.n) },
  ],
})}
</section>`;
}

export async function doraPage(
  deps: WebDeps,
  trends: TrendSources,
  reader: Reader,
  window: string,
  frame: { signOut?: boolean },
): Promise<string> {
  const keys = await trends.doraKeys?.(reader, WINDOWS[window]!.ms);
  const noDeployments = keys
    ? ''
    : html`<div class="empty"><p><strong>No deployments are known yet.</strong> Deployment frequency, lead time for changes and change failure rate need the production deployments of each service, and which incidents they caused.</p>
<p>Once Firewatch records deployments (from GitHub, a CI/CD webhook or its command line: see "Deployments" in the README), these keys appear here week by week, each with its DORA band. Until then, the recovery time below is measured from the incidents alone.</p></div>`;
  return page({
    title: 'DORA',
    section: 'dora',
    charts: true,
    reader: reader.name,
    ...frame,
    body: html`<h1>DORA's four keys</h1>
${windowForm('/dora', window, 'Deployed in')}
${noDeployments}
${(keys ?? [await recoveryKey(deps, reader, window)]).map(keySection)}`,
  });
}
