/// <reference lib="dom" />
import type { Chart as ChartClass, ChartConfiguration, ChartDataset } from 'chart.js';
import { h } from './dom.js';
import type { AtRiskTable, Axes, FigureSpec, NumbersTable } from './figures/figure-spec.js';
import { atRiskTableHeight, withAtRiskTable } from './figures/at-risk-canvas.js';
import { download, EXPORT_CSS_WIDTH, EXPORT_DPI, exportPixelRatio, fileSafe, numbersCsv } from './figures/export-files.js';
import { lineStyles } from './figures/line-styles.js';
import { withDpi } from './figures/png-dpi.js';
import { figureSvg } from './figures/svg-chart.js';
import { PALETTE } from './series.js';
import type { Series } from './series.js';

/** chart.js is loaded as its UMD build by index.html (global `Chart`). */
declare const Chart: typeof ChartClass;

export { bandSeries, PALETTE } from './series.js';
export type { Series } from './series.js';

const live = new Set<ChartClass>();
/** The figures of the page by id: what each draws (its spec, read by the exports) and its on-screen chart. */
const figures = new Map<string, { spec: FigureSpec; chart?: ChartClass }>();

/** Destroys every chart of the page being left (the router calls this). */
export function destroyCharts(): void {
  for (const c of live) c.destroy();
  live.clear();
  figures.clear();
}

/** `#rrggbb` with an alpha channel, for interval shading. */
function translucent(colour: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}33` : colour;
}

/**
 * Extras of a figure: `xTicks` exactly these x ticks; `yAxisWidth` the least width (px) of the y axis'
 * margin; `under` an element below the chart (same width); `onLayout` called with the chart after each
 * layout (resize included); `square` a plot area as high as wide (ROC); `numbers` the table its CSV export
 * holds (default: the plotted points); `file` the exported files' base name (default: the figure id);
 * `controls` elements shown with the export buttons (e.g. a range control); `atRisk` a numbers-at-risk
 * table drawn under the plot in the SVG and PNG files (the page shows it itself, e.g. as `under`).
 */
export interface FigureExtras {
  xTicks?: number[];
  yAxisWidth?: () => number;
  under?: HTMLElement;
  onLayout?: (chart: ChartClass) => void;
  square?: boolean;
  numbers?: NumbersTable;
  file?: string;
  controls?: HTMLElement[];
  atRisk?: AtRiskTable;
}

/** The chart.js configuration of a line figure (used for the on-screen chart and the 300 dpi PNG). */
function lineConfig(id: string, spec: Extract<FigureSpec, { kind: 'line' }>, extras: FigureExtras): ChartConfiguration {
  const { series, axes } = spec;
  const styles = lineStyles(series);
  const range = (axes.yMax ?? 1) - (axes.yMin ?? 0);
  const datasets: ChartDataset<'line', { x: number; y: number | null }[]>[] = series.map((s, i) => {
    const { colour, dash } = styles[i];
    if (s.rug) {
      // a tick per value at the bottom (top) edge: vertical line markers, no line
      const y = s.rug === 'bottom' ? (axes.yMin ?? 0) + 0.02 * range : (axes.yMax ?? 1) - 0.02 * range;
      return { label: s.label, data: s.x.map((x) => ({ x, y })), borderColor: colour, backgroundColor: colour, showLine: false, pointStyle: 'line', rotation: 90, pointRadius: 5, borderWidth: 1 };
    }
    return {
      label: s.label,
      data: s.x.map((x, k) => ({ x, y: s.y[k] })),
      borderColor: colour,
      backgroundColor: s.band ? translucent(colour) : colour,
      borderDash: dash.length ? dash : undefined,
      pointRadius: s.points ? 3 : 0,
      pointStyle: s.points ? 'circle' : 'line',
      borderWidth: s.band ? 0 : 2,
      stepped: s.step ? 'before' : false,
      tension: 0,
      fill: s.band === 'upper' ? '-1' : false,
    };
  });
  const ticks = spec.xTicks;
  const x: Record<string, unknown> = { type: 'linear', title: { display: true, text: axes.x }, min: axes.xMin, max: axes.xMax };
  if (ticks) {
    x.afterBuildTicks = (axis: { ticks: { value: number }[] }) => (axis.ticks = ticks.map((value) => ({ value })));
    x.ticks = { callback: (value: number) => String(value) }; // as a table under the plot prints them (no locale grouping)
  }
  const y: Record<string, unknown> = { type: 'linear', title: { display: true, text: axes.y }, min: axes.yMin, max: axes.yMax };
  const yAxisWidth = extras.yAxisWidth;
  if (yAxisWidth) y.afterFit = (axis: { width: number }) => (axis.width = Math.max(axis.width, yAxisWidth()));
  const onLayout = extras.onLayout;
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      scales: { x, y },
      plugins: {
        legend: {
          position: 'bottom',
          // a line sample per series in its colour and dash, so the legend tells the line styles apart too
          // (with usePointStyle chart.js takes the item's style from the first point, which has no dash: set it from the series)
          labels: {
            usePointStyle: true,
            pointStyle: 'line',
            pointStyleWidth: 32,
            filter: (item: { datasetIndex?: number }) => !series[item.datasetIndex ?? -1]?.band,
            generateLabels: (chart: ChartClass) =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
                const k = item.datasetIndex ?? -1;
                return series[k] ? { ...item, lineDash: styles[k].dash, lineWidth: 2, strokeStyle: styles[k].colour, fillStyle: styles[k].colour } : item;
              }),
          },
        },
      },
    },
    plugins: [...(onLayout ? [{ id: `${id}-layout`, afterLayout: (chart: ChartClass) => onLayout(chart) }] : []), ...(series.some((s) => s.whiskers) ? [whiskerPlugin(series, styles)] : [])],
  } as ChartConfiguration;
}

function barConfig(spec: Extract<FigureSpec, { kind: 'bar' }>): ChartConfiguration {
  return {
    type: 'bar',
    data: { labels: spec.labels, datasets: [{ label: spec.axes.y, data: spec.values, backgroundColor: PALETTE[5], borderColor: PALETTE[0], borderWidth: 1 }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: spec.axes.x } }, y: { beginAtZero: true, title: { display: true, text: spec.axes.y } } },
      plugins: { legend: { display: false } },
    },
  } as ChartConfiguration;
}

/**
 * A figure: a chart of stored points beside a table of the same numbers (so no
 * chart hides what it shows). `id` names the canvas (`<id>-chart`) and table
 * (`<id>-table`) for links and tests.
 */
export function lineFigure(id: string, caption: string, series: Series[], axes: Axes, tableView: HTMLElement, extras: FigureExtras = {}): HTMLElement {
  const spec: FigureSpec = { kind: 'line', title: caption, series, axes: { ...axes }, xTicks: extras.xTicks, square: extras.square, atRisk: extras.atRisk };
  return figure(id, caption, spec, () => lineConfig(id, spec, extras), tableView, extras);
}

/** A bar chart (e.g. a histogram) beside its table. */
export function barFigure(id: string, caption: string, labels: string[], values: number[], axes: { x: string; y: string }, tableView: HTMLElement, extras: FigureExtras = {}): HTMLElement {
  const spec: FigureSpec = { kind: 'bar', title: caption, labels, values, axes };
  return figure(id, caption, spec, () => barConfig(spec), tableView, extras);
}

/**
 * Sets axis limits of a figure of the page (e.g. a threshold range control): the chart on screen and the
 * later exports follow. Unknown id: nothing happens.
 */
export function setFigureAxes(id: string, limits: Partial<Pick<Axes, 'xMin' | 'xMax' | 'yMin' | 'yMax'>>): void {
  const f = figures.get(id);
  if (!f || f.spec.kind !== 'line') return;
  Object.assign(f.spec.axes, limits);
  const scales = f.chart?.options.scales as Record<string, { min?: number; max?: number }> | undefined;
  if (!f.chart || !scales) return;
  scales.x.min = f.spec.axes.xMin;
  scales.x.max = f.spec.axes.xMax;
  scales.y.min = f.spec.axes.yMin;
  scales.y.max = f.spec.axes.yMax;
  f.chart.update();
}

/** Draws the `whiskers` of series (vertical intervals with caps) over the chart, in the series' colour. */
function whiskerPlugin(series: Series[], styles: { colour: string }[]) {
  return {
    id: 'whiskers',
    afterDatasetsDraw(chart: ChartClass) {
      const { ctx, scales, chartArea } = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
      ctx.clip();
      series.forEach((s, i) => {
        if (!s.whiskers) return;
        ctx.strokeStyle = styles[i].colour;
        ctx.lineWidth = 1.25;
        ctx.setLineDash([]);
        s.x.forEach((x, k) => {
          const lo = s.whiskers?.lower[k];
          const hi = s.whiskers?.upper[k];
          if (lo === null || hi === null || lo === undefined || hi === undefined) return;
          const X = scales.x.getPixelForValue(x);
          const [L, H] = [scales.y.getPixelForValue(lo), scales.y.getPixelForValue(hi)];
          ctx.beginPath();
          ctx.moveTo(X, L);
          ctx.lineTo(X, H);
          ctx.moveTo(X - 4, L);
          ctx.lineTo(X + 4, L);
          ctx.moveTo(X - 4, H);
          ctx.lineTo(X + 4, H);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };
}

/** A white background under the chart (a canvas is transparent; a PNG for print should not be). */
const whiteBackground = {
  id: 'white-background',
  beforeDraw(chart: ChartClass) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * The figure drawn by chart.js off screen, 3.5 in wide at 300 dpi (EXPORT_CSS_WIDTH CSS px at devicePixelRatio
 * 1050 / EXPORT_CSS_WIDTH), as PNG bytes with a pHYs chunk saying 300 dpi. A square figure is resized once
 * so its plot area is square.
 */
async function renderPng(spec: FigureSpec, config: ChartConfiguration): Promise<Uint8Array<ArrayBuffer>> {
  const stage = h('div', { class: 'export-stage', 'aria-hidden': 'true' });
  const width = EXPORT_CSS_WIDTH;
  const table = spec.kind === 'line' ? spec.atRisk : undefined;
  // a numbers-at-risk table adds its own height under the chart (the plot keeps its size)
  const canvas = h('canvas', { width, height: Math.round(width * (spec.kind === 'line' && spec.square ? 1.15 : 0.75)) + (table ? atRiskTableHeight(table) : 0) });
  stage.append(canvas);
  document.body.append(stage);
  try {
    const drawn = table ? withAtRiskTable(config, table, String(Chart.defaults.font.family)) : config;
    const options = { ...drawn.options, responsive: false, devicePixelRatio: exportPixelRatio() };
    const chart = new Chart(canvas, { ...drawn, options, plugins: [...(drawn.plugins ?? []).filter((p) => !p.id?.endsWith('-layout')), whiteBackground] } as ChartConfiguration);
    try {
      if (spec.kind === 'line' && spec.square) {
        const area = chart.chartArea;
        chart.resize(width, Math.round(chart.height + area.width - area.height));
      }
      chart.update();
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('the browser could not encode the chart as PNG');
      return withDpi(new Uint8Array(await blob.arrayBuffer()), EXPORT_DPI);
    } finally {
      chart.destroy();
    }
  } finally {
    stage.remove();
  }
}

/** Export buttons of a figure: SVG (vector), PNG at 300 dpi, and its numbers as CSV. */
function exportBar(id: string, spec: FigureSpec, config: () => ChartConfiguration, extras: FigureExtras): HTMLElement {
  const base = fileSafe(extras.file ?? id);
  const status = h('span', { class: 'muted', role: 'status' });
  const button = (kind: string, label: string, run: () => Promise<void> | void) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        id: `${id}-export-${kind}`,
        onclick: async () => {
          try {
            await run();
            status.textContent = '';
          } catch (e) {
            status.textContent = `Export failed: ${e instanceof Error ? e.message : String(e)}`;
          }
        },
      },
      label,
    );
  return h(
    'div',
    { class: 'figure-tools' },
    ...(extras.controls ?? []),
    h(
      'span',
      { class: 'export', role: 'group', 'aria-label': 'Export this figure' },
      button('svg', 'SVG', () => download(`${base}.svg`, figureSvg(spec), 'image/svg+xml')),
      button('png', 'PNG 300 dpi', async () => download(`${base}.png`, await renderPng(spec, config()), 'image/png')),
      button('csv', 'CSV', () => download(`${base}.csv`, numbersCsv(spec, extras.numbers), 'text/csv')),
    ),
    status,
  );
}

/** Keeps a square figure's plot area square on screen: the container's height follows the plot's width. */
function squarePlot(container: HTMLElement) {
  return {
    id: 'square-plot',
    afterLayout(chart: ChartClass) {
      const { width, height } = chart.chartArea;
      if (Math.abs(width - height) > 2) container.style.height = `${Math.round(container.clientHeight + width - height)}px`;
    },
  };
}

function figure(id: string, caption: string, spec: FigureSpec, config: () => ChartConfiguration, tableView: HTMLElement, extras: FigureExtras): HTMLElement {
  const canvas = h('canvas', { id: `${id}-chart`, role: 'img', 'aria-label': `${caption} (numbers in the table beside it)` });
  tableView.id = `${id}-table`;
  const chart = h('div', { class: spec.kind === 'line' && spec.square ? 'chart square' : 'chart' }, canvas);
  const under = extras.under;
  const el = h('figure', { class: 'figure', id }, h('figcaption', {}, caption), h('div', {}, under ? h('div', {}, chart, under) : chart, exportBar(id, spec, config, extras)), tableView);
  const entry: { spec: FigureSpec; chart?: ChartClass } = { spec };
  figures.set(id, entry);
  const create = () => {
    const cfg = config();
    if (spec.kind === 'line' && spec.square) cfg.plugins = [...(cfg.plugins ?? []), squarePlot(chart)];
    const c = new Chart(canvas, cfg);
    entry.chart = c;
    live.add(c);
  };
  // chart.js measures its container, so it is created once the figure is in the document
  queueMicrotask(() => {
    if (canvas.isConnected) create();
    else requestAnimationFrame(create);
  });
  return el;
}
