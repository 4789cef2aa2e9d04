import type { Series } from '../series.js';

/** Axis titles and fixed limits of a line figure (a missing limit follows the data). */
export interface Axes {
  x: string;
  y: string;
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
}

/** The numbers of a figure as a table (raw numbers, not rounded for display): its CSV export. */
export interface NumbersTable {
  header: string[];
  rows: (string | number | null)[][];
}

/** One row of a numbers-at-risk table: a risk group, its colour in the plot, its counts at the x ticks. */
export interface AtRiskRow {
  label: string;
  colour: string;
  counts: number[];
}

/** The numbers-at-risk table under a Kaplan-Meier plot (survminer's risk table): a count per group under each x tick. */
export interface AtRiskTable {
  title: string;
  ticks: number[];
  rows: AtRiskRow[];
}

/**
 * What a figure draws, independent of how: chart.js draws it on screen and into the 300 dpi PNG, the SVG
 * writer draws it as vector paths. `square`: the plot area is as high as it is wide (ROC). `atRisk`: a
 * numbers-at-risk table under the plot, in the exported files (on screen the page shows it as HTML).
 */
export type FigureSpec =
  | { kind: 'line'; title: string; series: Series[]; axes: Axes; xTicks?: number[]; square?: boolean; atRisk?: AtRiskTable }
  | { kind: 'bar'; title: string; labels: string[]; values: number[]; axes: { x: string; y: string } };
