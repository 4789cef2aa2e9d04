/// <reference lib="dom" />
import type { Chart } from 'chart.js';
import { h } from '../dom.js';

import type { AtRiskRow } from '../figures/figure-spec.js';

export type { AtRiskRow } from '../figures/figure-spec.js';

/**
 * The numbers-at-risk table shown under a Kaplan-Meier plot (survminer's risk table): a row per risk
 * group, a column per x tick. An ARIA table of rows of cells (not a <table>), so that once the chart is
 * laid out each count can be placed under its tick (alignRiskTable) without losing the table's meaning
 * to screen readers. Cells carry data-group and data-tick.
 */
export function riskTable(id: string, ticks: number[], rows: AtRiskRow[], timeLabel: string): HTMLElement {
  const label = (text: string, role: string, colour?: string) => {
    const el = h('span', { class: 'at-risk-label', role }, text);
    // The group's line colour as a swatch beside the label, not as the text's colour: several palette colours
    // (orange, green, yellow) are below 4.5:1 on white as text. CSSOM, which the Content-Security-Policy allows.
    if (colour) el.style.borderLeft = `0.9em solid ${colour}`;
    return el;
  };
  return h(
    'div',
    { class: 'at-risk', id, role: 'table', 'aria-label': `Numbers at risk (patients with time >= each ${timeLabel})` },
    h('div', { class: 'at-risk-row at-risk-head', role: 'row' }, label('Number at risk', 'columnheader'), ticks.map((t, k) => h('span', { role: 'columnheader', 'data-tick': k }, String(t)))),
    rows.map((r, g) => h('div', { class: 'at-risk-row', role: 'row', 'data-group': g }, label(r.label, 'rowheader', r.colour), r.counts.map((c, k) => h('span', { role: 'cell', 'data-group': g, 'data-tick': k }, String(c))))),
  );
}

/**
 * The width (px) the group labels need left of the plot: the widest label as laid out before alignment
 * (measured once, while the table is in the document), plus a gap. 0 while it cannot be measured yet.
 */
export function riskTableLabelWidth(table: HTMLElement): number {
  const cached = Number(table.dataset.labelWidth);
  if (cached > 0) return cached;
  const widest = Math.max(0, ...[...table.querySelectorAll<HTMLElement>('.at-risk-label')].map((l) => l.getBoundingClientRect().width));
  if (widest > 0) table.dataset.labelWidth = String(Math.ceil(widest) + 12);
  return widest > 0 ? Math.ceil(widest) + 12 : 0;
}

/**
 * Places each column of a numbers-at-risk table under its x tick: the cell's centre at the tick's pixel
 * (the table spans the chart's width, from the same left edge), the group labels in the y axis' margin.
 * Called after every chart layout, so it follows resizes.
 */
export function alignRiskTable(table: HTMLElement, chart: Chart, ticks: number[]): void {
  const x = chart.scales.x;
  for (const cell of table.querySelectorAll<HTMLElement>('[data-tick]')) cell.style.left = `${x.getPixelForValue(ticks[Number(cell.dataset.tick)])}px`;
  for (const label of table.querySelectorAll<HTMLElement>('.at-risk-label')) label.style.width = `${Math.max(0, chart.chartArea.left - 12)}px`;
  table.classList.add('aligned');
}
