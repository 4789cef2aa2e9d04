/// <reference lib="dom" />
import type { Chart as ChartClass, ChartConfiguration, ChartDataset } from 'chart.js';
import { h } from './dom.js';

/** chart.js is loaded as its UMD build by index.html (global `Chart`). */
declare const Chart: typeof ChartClass;

/** Line colours, distinguishable for common colour-vision deficiencies (Okabe-Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

const live = new Set<ChartClass>();

/** Destroys every chart of the page being left (the router calls this). */
export function destroyCharts(): void {
  for (const c of live) c.destroy();
  live.clear();
}

export type Series = { label: string; x: number[]; y: number[]; dashed?: boolean; colour?: string; step?: boolean; points?: boolean };

/**
 * A figure: a chart of stored points beside a table of the same numbers (so no
 * chart hides what it shows). `id` names the canvas (`<id>-chart`) and table
 * (`<id>-table`) for links and tests.
 */
export function lineFigure(id: string, caption: string, series: Series[], axes: { x: string; y: string; xMin?: number; xMax?: number; yMin?: number; yMax?: number }, tableView: HTMLElement): HTMLElement {
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = series.map((s, i) => ({
    label: s.label,
    data: s.x.map((x, k) => ({ x, y: s.y[k] })),
    borderColor: s.colour ?? PALETTE[i % PALETTE.length],
    backgroundColor: s.colour ?? PALETTE[i % PALETTE.length],
    borderDash: s.dashed ? [6, 4] : undefined,
    pointRadius: s.points ? 3 : 0,
    borderWidth: 2,
    stepped: s.step ? 'before' : false,
    tension: 0,
  }));
  return figure(id, caption, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: axes.x }, min: axes.xMin, max: axes.xMax },
        y: { type: 'linear', title: { display: true, text: axes.y }, min: axes.yMin, max: axes.yMax },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  } as ChartConfiguration, tableView);
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

function figure(id: string, caption: string, config: ChartConfiguration, tableView: HTMLElement): HTMLElement {
  const canvas = h('canvas', { id: `${id}-chart`, role: 'img', 'aria-label': `${caption} (numbers in the table beside it)` });
  tableView.id = `${id}-table`;
  const el = h('figure', { class: 'figure', id }, h('figcaption', {}, caption), h('div', { class: 'chart' }, canvas), tableView);
  // chart.js measures its container, so it is created once the figure is in the document
  queueMicrotask(() => {
    if (canvas.isConnected) live.add(new Chart(canvas, config));
    else requestAnimationFrame(() => live.add(new Chart(canvas, config)));
  });
  return el;
}
