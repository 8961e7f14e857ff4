import { type Html, html, jsonData } from './html.js';

export interface LineSeries {
  label: string;
  /** One value a point; null where there is nothing to show (no incident that week). */
  values: Array<number | null>;
}

/** What the browser draws: x as epoch seconds (uPlot's time axis), one or more lines. */
export interface LineChart {
  id: string;
  title: string;
  unit: string;
  x: number[];
  series: LineSeries[];
  /** A row label for the table fallback, one for each x. */
  labels: string[];
  /** Extra columns for the table fallback (the n behind each figure), one value for each x. */
  extra?: Array<{ label: string; values: Array<number | string> }>;
  /** The table's first column: what each x is (default "Week"). */
  xLabel?: string;
}

function cell(value: number | null | string): string {
  return value === null ? '—' : String(value);
}

/**
 * A chart and its table: the table is the figure for readers without JavaScript (and for screen
 * readers); the script draws the chart from the same numbers and folds the table away.
 */
export function lineChart(chart: LineChart): Html {
  const columns = [
    ...chart.series.map((series) => `${series.label} (${chart.unit})`),
    ...(chart.extra ?? []).map((extra) => extra.label),
  ];
  const rows = chart.labels.map(
    (label, i) =>
      html`<tr><th scope="row">${label}</th>${chart.series.map((series) => html`<td>${cell(series.values[i] ?? null)}</td>`)}${(chart.extra ?? []).map((extra) => html`<td>${cell(extra.values[i] ?? null)}</td>`)}</tr>`,
  );
  return html`<figure class="chart">
<figcaption>${chart.title}</figcaption>
<div class="plot" data-chart="${chart.id}" role="img" aria-label="${chart.title}: chart of the table below"></div>
<details class="figures" open><summary>Figures</summary>
<div class="scroll"><table><thead><tr><th scope="col">${chart.xLabel ?? 'Week'}</th>${columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>
</details>
${jsonData(`${chart.id}-data`, { title: chart.title, unit: chart.unit, x: chart.x, series: chart.series })}
</figure>`;
}
