/// <reference lib="dom" />
import { toCsv } from '../csv.js';
import type { Series } from '../series.js';
import type { FigureSpec, NumbersTable } from './figure-spec.js';

/** Width of an exported figure: one journal column (3.5 in), at 300 dpi in the PNG. */
export const EXPORT_WIDTH_IN = 3.5;
export const EXPORT_DPI = 300;
/** CSS pixels the PNG is laid out in (chart.js fonts are CSS px): 420 px at devicePixelRatio 2.5 is 1050 px = 3.5 in at 300 dpi. */
export const EXPORT_CSS_WIDTH = 420;
export const exportPixelRatio = () => (EXPORT_WIDTH_IN * EXPORT_DPI) / EXPORT_CSS_WIDTH;

/** A file name part: letters, digits, dot, dash and underscore only. */
export const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._]+/g, '-').replace(/^-+|-+$/g, '') || 'figure';

/** The file name base of a comparison's exports: `compare-` and the first 8 characters of each id (four at most, then how many more). */
export function comparisonFileBase(ids: string[]): string {
  return `compare-${ids.slice(0, 4).map((id) => id.slice(0, 8)).join('-')}${ids.length > 4 ? `-and-${ids.length - 4}-more` : ''}`;
}

/**
 * The plotted numbers of a line figure, one row per point and series (a band's lower and upper series are
 * named as such): the default numbers table of a figure whose page gives none.
 */
export function plottedPoints(series: Series[]): NumbersTable {
  return {
    header: ['series', 'x', 'y'],
    rows: series.flatMap((s) => s.x.map((x, k) => [s.label, x, s.rug ? null : s.y[k]])),
  };
}

/** The numbers of a figure as CSV (full precision). */
export function numbersCsv(spec: FigureSpec, numbers: NumbersTable | undefined): string {
  const t = numbers ?? (spec.kind === 'line' ? plottedPoints(spec.series) : { header: [spec.axes.x, spec.axes.y], rows: spec.labels.map((l, i) => [l, spec.values[i]]) });
  return toCsv(t.header, t.rows);
}

/** Saves bytes or text as a download named `name` (an object URL clicked by a temporary link). */
export function download(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // after the browser has read it
}
