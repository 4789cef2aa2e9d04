/// <reference lib="dom" />
import type { Chart as ChartClass, ChartConfiguration, ChartDataset } from 'chart.js';
import { h } from './dom.js';
import { PALETTE } from './series.js';
import type { Series } from './series.js';

/** chart.js is loaded as its UMD build by index.html (global `Chart`). */
declare const Chart: typeof ChartClass;

export { bandSeries, PALETTE } from './series.js';
export type { Series } from './series.js';

const live = new Set<ChartClass>();

/** Destroys every chart of the page being left (the router calls this). */
export function destroyCharts(): void {
  for (const c of live) c.destroy();
  live.clear();
}

/** `#rrggbb` with an alpha channel, for interval shading. */
function translucent(colour: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}33` : colour;
}

/**
 * Extras of a figure: `xTicks` exactly these x ticks; `yAxisWidth` the least width (px) of the y axis'
 * margin; `under` an element below the chart (same width); `onLayout` called with the chart after each
 * layout (resize included).
 */
export interface FigureExtras {
  xTicks?: number[];
  yAxisWidth?: () => number;
  under?: HTMLElement;
  onLayout?: (chart: ChartClass) => void;
}

/**
 * A figure: a chart of stored points beside a table of the same numbers (so no
 * chart hides what it shows). `id` names the canvas (`<id>-chart`) and table
 * (`<id>-table`) for links and tests.
 */
export function lineFigure(id: string, caption: string, series: Series[], axes: { x: string; y: string; xMin?: number; xMax?: number; yMin?: number; yMax?: number }, tableView: HTMLElement, extras: FigureExtras = {}): HTMLElement {
  const datasets: ChartDataset<'line', { x: number; y: number | null }[]>[] = series.map((s, i) => {
    const colour = s.colour ?? PALETTE[i % PALETTE.length];
    return {
      label: s.label,
      data: s.x.map((x, k) => ({ x, y: s.y[k] })),
      borderColor: colour,
      backgroundColor: s.band ? translucent(colour) : colour,
      borderDash: s.dash ?? (s.dashed ? [6, 4] : undefined),
      pointRadius: s.points ? 3 : 0,
      borderWidth: s.band ? 0 : 2,
      stepped: s.step ? 'before' : false,
      tension: 0,
      fill: s.band === 'upper' ? '-1' : false,
    };
  });
  const ticks = extras.xTicks;
  const x: Record<string, unknown> = { type: 'linear', title: { display: true, text: axes.x }, min: axes.xMin, max: axes.xMax };
  if (ticks) {
    x.afterBuildTicks = (axis: { ticks: { value: number }[] }) => (axis.ticks = ticks.map((value) => ({ value })));
    x.ticks = { callback: (value: number) => String(value) }; // as a table under the plot prints them (no locale grouping)
  }
  const y: Record<string, unknown> = { type: 'linear', title: { display: true, text: axes.y }, min: axes.yMin, max: axes.yMax };
  const yAxisWidth = extras.yAxisWidth;
  if (yAxisWidth) y.afterFit = (axis: { width: number }) => (axis.width = Math.max(axis.width, yAxisWidth()));
  const onLayout = extras.onLayout;
  return figure(id, caption, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x,
        y,
      },
      plugins: { legend: { position: 'bottom', labels: { filter: (item: { datasetIndex?: number }) => !series[item.datasetIndex ?? -1]?.band } } },
    },
    plugins: onLayout ? [{ id: `${id}-layout`, afterLayout: (chart: ChartClass) => onLayout(chart) }] : [],
  } as ChartConfiguration, tableView, extras.under);
}

/** A bar chart (e.g. a histogram) beside its table. */
export function barFigure(id: string, caption: string, labels: string[], values: number[], axes: { x: string; y: string }, tableView: HTMLElement): HTMLElement {
  return figure(id, caption, {
    type: 'bar',
    data: { labels, datasets: [{ label: axes.y, data: values, backgroundColor: PALETTE[5], borderColor: PALETTE[0], borderWidth: 1 }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: axes.x } }, y: { beginAtZero: true, title: { display: true, text: axes.y } } },
      plugins: { legend: { display: false } },
    },
  } as ChartConfiguration, tableView);
}

function figure(id: string, caption: string, config: ChartConfiguration, tableView: HTMLElement, under?: HTMLElement): HTMLElement {
  const canvas = h('canvas', { id: `${id}-chart`, role: 'img', 'aria-label': `${caption} (numbers in the table beside it)` });
  tableView.id = `${id}-table`;
  const chart = h('div', { class: 'chart' }, canvas);
  const el = h('figure', { class: 'figure', id }, h('figcaption', {}, caption), under ? h('div', {}, chart, under) : chart, tableView);
  // chart.js measures its container, so it is created once the figure is in the document
  queueMicrotask(() => {
    if (canvas.isConnected) live.add(new Chart(canvas, config));
    else requestAnimationFrame(() => live.add(new Chart(canvas, config)));
  });
  return el;
}
