// Draws every chart on the page from its JSON data block, with uPlot (served from node_modules by
// Firewatch itself). Loaded as a file, never inline, so the page's Content-Security-Policy can
// forbid inline script. Without this script the tables beside the charts carry the same figures.
(() => {
  const palette = () => {
    const style = getComputedStyle(document.documentElement);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
      text: read('--text', '#1b1b1b'),
      grid: read('--grid', '#ddd'),
      lines: [read('--line-1', '#2563eb'), read('--line-2', '#dc2626'), read('--line-3', '#059669')],
    };
  };

  const draw = (holder) => {
    const source = document.getElementById(`${holder.dataset.chart}-data`);
    if (!source || typeof uPlot === 'undefined') return;
    const chart = JSON.parse(source.textContent);
    const colors = palette();
    const width = Math.max(280, holder.clientWidth);
    const axis = { stroke: colors.text, grid: { stroke: colors.grid }, ticks: { stroke: colors.grid } };
    const options = {
      width,
      height: 260,
      series: [
        {},
        ...chart.series.map((series, i) => ({
          label: series.label,
          stroke: colors.lines[i % colors.lines.length],
          width: 2,
          spanGaps: false,
          points: { show: true, size: 5 },
          value: (_, value) => (value === null || value === undefined ? '—' : `${value} ${chart.unit}`),
        })),
      ],
      axes: [axis, { ...axis, label: chart.unit, size: 60 }],
      scales: { x: { time: true } },
    };
    holder.replaceChildren();
    const plot = new uPlot(options, [chart.x, ...chart.series.map((series) => series.values)], holder);
    holder.classList.add('drawn');
    const figures = holder.parentElement?.querySelector('details.figures');
    if (figures) figures.open = false;
    new ResizeObserver(() => plot.setSize({ width: Math.max(280, holder.clientWidth), height: 260 })).observe(
      holder,
    );
  };

  for (const holder of document.querySelectorAll('[data-chart]')) draw(holder);
})();
