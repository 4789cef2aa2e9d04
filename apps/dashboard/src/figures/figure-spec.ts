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

/**
 * What a figure draws, independent of how: chart.js draws it on screen and into the 300 dpi PNG, the SVG
 * writer draws it as vector paths. `square`: the plot area is as high as it is wide (ROC).
 */
export type FigureSpec =
  | { kind: 'line'; title: string; series: Series[]; axes: Axes; xTicks?: number[]; square?: boolean }
  | { kind: 'bar'; title: string; labels: string[]; values: number[]; axes: { x: string; y: string } };
