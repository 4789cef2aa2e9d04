import { PALETTE } from '../series.js';
import type { Series } from '../series.js';
import type { AtRiskTable, FigureSpec } from './figure-spec.js';
import { lineStyles } from './line-styles.js';
import { axisRange, niceTicks, tickText } from './nice-ticks.js';

/**
 * A figure as a vector SVG file of its own (not chart.js on a canvas shim: a shim would have to emulate
 * most of the Canvas 2D API, text metrics and clipping included, and its output would be anonymous
 * strokes). Written from the same FigureSpec as the on-screen chart, so it shows the same series, styles
 * and limits; each line is one <path class="series" data-label=…> whose vertices are the plotted points,
 * and the plot group carries its pixel box and axis ranges (data-*), so a reader (or a test) can map the
 * path back to the numbers. Units: 1 user unit = 1 pt; `widthIn` inches wide (default 3.5, one journal
 * column). Text uses a generic sans-serif font, so the file needs no embedded fonts.
 */
export function figureSvg(spec: FigureSpec, widthIn = 3.5): string {
  const width = widthIn * 72;
  return spec.kind === 'bar' ? barSvg(spec, width) : lineSvg(spec, width);
}

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const TICK = 7;
const LABEL = 8;
const LEGEND_ROW = 11;

/** Text safe inside an XML attribute or element. */
export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A coordinate with 2 decimals (1/100 pt), trailing zeros dropped. */
const c = (v: number) => String(Math.round(v * 100) / 100);
/** Rough width of a text in a sans-serif font (no text metrics outside a browser): used for layout only. */
const textWidth = (s: string, size: number) => s.length * size * 0.55;

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface LegendItem {
  label: string;
  colour: string;
  dash: number[];
  kind: 'line' | 'rug' | 'points';
}

/** Legend rows: items left to right, wrapping at `width`. */
function legendLayout(items: LegendItem[], width: number): { item: LegendItem; x: number; row: number }[] {
  const out: { item: LegendItem; x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = 26 + textWidth(item.label, TICK) + 10;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    out.push({ item, x, row });
    x += w;
  }
  return out;
}

function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${c(width / 72)}in" height="${c(height / 72)}in" viewBox="0 0 ${c(width)} ${c(height)}">`,
    `<title>${xmlText(title)}</title>`,
    `<rect x="0" y="0" width="${c(width)}" height="${c(height)}" fill="#ffffff"/>`,
    ...body,
    `</svg>`,
    '',
  ].join('\n');
}

/** Axes frame, grid, tick labels and axis titles around `box`. */
function axesSvg(box: Box, xTicks: { at: number; text: string }[], yTicks: { at: number; text: string }[], titles: { x: string; y: string }): string[] {
  const out: string[] = [`<g class="grid" stroke="#e0e0e0" stroke-width="0.5">`];
  for (const t of xTicks) out.push(`<line x1="${c(t.at)}" y1="${c(box.top)}" x2="${c(t.at)}" y2="${c(box.top + box.height)}"/>`);
  for (const t of yTicks) out.push(`<line x1="${c(box.left)}" y1="${c(t.at)}" x2="${c(box.left + box.width)}" y2="${c(t.at)}"/>`);
  out.push(`</g>`);
  out.push(`<rect class="frame" x="${c(box.left)}" y="${c(box.top)}" width="${c(box.width)}" height="${c(box.height)}" fill="none" stroke="#000000" stroke-width="0.75"/>`);
  out.push(`<g class="ticks" ${FONT} font-size="${TICK}" fill="#000000">`);
  const bottom = box.top + box.height;
  for (const t of xTicks) out.push(`<text x="${c(t.at)}" y="${c(bottom + TICK + 3)}" text-anchor="middle">${xmlText(t.text)}</text>`);
  for (const t of yTicks) out.push(`<text x="${c(box.left - 3)}" y="${c(t.at + TICK * 0.35)}" text-anchor="end">${xmlText(t.text)}</text>`);
  out.push(`</g>`);
  out.push(`<text class="x-title" ${FONT} font-size="${LABEL}" x="${c(box.left + box.width / 2)}" y="${c(bottom + TICK + LABEL + 8)}" text-anchor="middle">${xmlText(titles.x)}</text>`);
  const yx = LABEL + 2;
  out.push(`<text class="y-title" ${FONT} font-size="${LABEL}" x="${c(yx)}" y="${c(box.top + box.height / 2)}" text-anchor="middle" transform="rotate(-90 ${c(yx)} ${c(box.top + box.height / 2)})">${xmlText(titles.y)}</text>`);
  return out;
}

const defined = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** Index runs of consecutive points where `ok` holds (a gap breaks a line, as chart.js does with null). */
function runs(n: number, ok: (i: number) => boolean): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  for (let i = 0; i < n; i++) {
    if (ok(i)) run.push(i);
    else if (run.length) (out.push(run), (run = []));
  }
  if (run.length) out.push(run);
  return out;
}

/** Vertices of a run; `step`: a horizontal then a vertical segment between points (chart.js stepped: 'before'). */
function vertices(pts: [number, number][], step: boolean): [number, number][] {
  if (!step) return pts;
  return pts.flatMap((p, k) => (k === 0 ? [p] : [[p[0], pts[k - 1][1]] as [number, number], p]));
}

const moveLine = (pts: [number, number][]) => pts.map((p, k) => `${k === 0 ? 'M' : 'L'}${c(p[0])} ${c(p[1])}`).join(' ');

/** Path data of a polyline through the defined points, in plot coordinates. */
function linePath(xs: number[], ys: (number | null)[], px: (x: number) => number, py: (y: number) => number, step: boolean): string {
  return runs(xs.length, (i) => defined(xs[i]) && defined(ys[i]))
    .map((run) => moveLine(vertices(run.map((i) => [px(xs[i]), py(ys[i] as number)]), step)))
    .join(' ');
}

/** Path data of the area between a lower and an upper series (same x): one closed piece per run where both are defined. */
function bandPath(xs: number[], lower: (number | null)[], upper: (number | null)[], px: (x: number) => number, py: (y: number) => number, step: boolean): string {
  return runs(xs.length, (i) => defined(xs[i]) && defined(lower[i]) && defined(upper[i]))
    .map((run) => {
      const up = vertices(run.map((i) => [px(xs[i]), py(upper[i] as number)]), step);
      const down = vertices(run.map((i) => [px(xs[i]), py(lower[i] as number)]), step).reverse();
      return `${moveLine([...up, ...down])} Z`;
    })
    .join(' ');
}

/** Path data of vertical intervals with 3 pt caps, one per point whose limits are both defined. */
function whiskerPath(s: Series, px: (x: number) => number, py: (y: number) => number): string {
  const w = s.whiskers;
  if (!w) return '';
  return s.x
    .flatMap((x, k) => {
      const lo = w.lower[k];
      const hi = w.upper[k];
      if (!defined(lo) || !defined(hi) || !defined(x)) return [];
      const X = px(x);
      return [`M${c(X)} ${c(py(lo))} V${c(py(hi))} M${c(X - 1.5)} ${c(py(lo))} h3 M${c(X - 1.5)} ${c(py(hi))} h3`];
    })
    .join(' ');
}

function legendSvg(items: LegendItem[], left: number, top: number, width: number): { svg: string[]; height: number } {
  const laid = legendLayout(items, width);
  const out: string[] = [`<g class="legend" ${FONT} font-size="${TICK}">`];
  for (const { item, x, row } of laid) {
    const y = top + row * LEGEND_ROW + LEGEND_ROW / 2;
    const x0 = left + x;
    const dash = item.dash.length ? ` stroke-dasharray="${item.dash.join(' ')}"` : '';
    out.push(`<g class="legend-item" data-label="${xmlText(item.label)}">`);
    if (item.kind === 'rug') out.push(`<path d="M${c(x0 + 4)} ${c(y - 3)} v6 M${c(x0 + 10)} ${c(y - 3)} v6 M${c(x0 + 16)} ${c(y - 3)} v6" stroke="${item.colour}" stroke-width="0.75"/>`);
    else out.push(`<line x1="${c(x0)}" y1="${c(y)}" x2="${c(x0 + 22)}" y2="${c(y)}" stroke="${item.colour}" stroke-width="1.5"${dash}/>`);
    if (item.kind === 'points') out.push(`<circle cx="${c(x0 + 11)}" cy="${c(y)}" r="1.8" fill="${item.colour}"/>`);
    out.push(`<text x="${c(x0 + 26)}" y="${c(y + TICK * 0.35)}">${xmlText(item.label)}</text>`, `</g>`);
  }
  out.push(`</g>`);
  const rows = laid.length ? laid[laid.length - 1].row + 1 : 0;
  return { svg: out, height: rows * LEGEND_ROW };
}

/** Left margin: y title, the widest y tick label and a gap. */
const leftMargin = (yTickTexts: string[]) => LABEL + 6 + Math.max(10, ...yTickTexts.map((t) => textWidth(t, TICK))) + 6;

/** Half the width of the widest count under the first tick: how far those counts reach left of the plot. */
const firstCountReach = (table: AtRiskTable) => Math.max(0, ...table.rows.map((r) => textWidth(String(r.counts[0] ?? ''), TICK))) / 2;

/** A label cut with an ellipsis to about `room` pt. */
function fitted(label: string, room: number): string {
  const chars = Math.floor(room / (TICK * 0.55) + 1e-9); // the margin was sized by the same estimate
  return label.length <= chars ? label : `${label.slice(0, Math.max(1, chars - 1))}…`;
}

/**
 * The numbers-at-risk table under the plot: a title row, then a row per group (its label right-aligned in
 * the left margin, in the group's colour) with each count centred under its x tick. Each count is a
 * <text class="at-risk-count" data-tick data-time> in a <g class="at-risk-row" data-group data-label>.
 */
function atRiskSvg(table: AtRiskTable, box: Box, top: number, px: (x: number) => number): { svg: string[]; height: number } {
  const out: string[] = [`<g class="at-risk" ${FONT} font-size="${TICK}" fill="#000000">`];
  out.push(`<text class="at-risk-title" x="${c(box.left)}" y="${c(top + TICK)}">${xmlText(table.title)}</text>`);
  const reach = firstCountReach(table); // labels end left of the counts under the first tick
  table.rows.forEach((r, g) => {
    const y = top + (g + 1) * LEGEND_ROW + TICK;
    out.push(`<g class="at-risk-row" data-group="${g}" data-label="${xmlText(r.label)}">`);
    out.push(`<text class="at-risk-label" x="${c(box.left - reach - 4)}" y="${c(y)}" text-anchor="end" fill="${r.colour}">${xmlText(fitted(r.label, box.left - reach - 8))}</text>`);
    r.counts.forEach((n, k) => out.push(`<text class="at-risk-count" data-tick="${k}" data-time="${table.ticks[k]}" x="${c(px(table.ticks[k]))}" y="${c(y)}" text-anchor="middle">${n}</text>`));
    out.push(`</g>`);
  });
  out.push(`</g>`);
  return { svg: out, height: (table.rows.length + 1) * LEGEND_ROW + 4 };
}

function lineSvg(spec: Extract<FigureSpec, { kind: 'line' }>, width: number): string {
  const { series, axes } = spec;
  const xs = series.flatMap((s) => s.x).filter(Number.isFinite);
  const ys = series.filter((s) => !s.rug).flatMap((s) => s.y).filter((v): v is number => v !== null && Number.isFinite(v));
  const [x0, x1] = axisRange(Math.min(...xs), Math.max(...xs), axes.xMin, axes.xMax);
  const [y0, y1] = axisRange(Math.min(...ys), Math.max(...ys), axes.yMin, axes.yMax);
  const yTickValues = niceTicks(y0, y1);
  // with a numbers-at-risk table, room for its group labels left of the plot (at most 40 % of the width)
  const labels = spec.atRisk ? Math.min(0.4 * width, Math.max(0, ...spec.atRisk.rows.map((r) => textWidth(r.label, TICK))) + firstCountReach(spec.atRisk) + 8) : 0;
  const left = Math.max(leftMargin(yTickValues.map(tickText)), labels);
  const right = 10;
  const plotWidth = width - left - right;
  const plotHeight = spec.square ? plotWidth : plotWidth * 0.72;
  const box: Box = { left, top: 8, width: plotWidth, height: plotHeight };
  const px = (x: number) => box.left + ((x - x0) / (x1 - x0)) * box.width;
  const py = (y: number) => box.top + box.height - ((y - y0) / (y1 - y0)) * box.height;
  const xTickValues = (spec.xTicks ?? niceTicks(x0, x1)).filter((t) => t >= x0 - 1e-12 && t <= x1 + 1e-12);
  const styles = lineStyles(series);
  const body: string[] = axesSvg(
    box,
    xTickValues.map((t) => ({ at: px(t), text: tickText(t) })),
    yTickValues.map((t) => ({ at: py(t), text: tickText(t) })),
    axes,
  );
  body.push(`<clipPath id="plot-area"><rect x="${c(box.left)}" y="${c(box.top)}" width="${c(box.width)}" height="${c(box.height)}"/></clipPath>`);
  body.push(`<g class="plot" clip-path="url(#plot-area)" data-box="${[box.left, box.top, box.width, box.height].map(c).join(' ')}" data-x-range="${x0} ${x1}" data-y-range="${y0} ${y1}">`);
  series.forEach((s, i) => {
    const st = styles[i];
    if (s.band === 'upper') {
      const lower = series[i - 1];
      if (lower?.band === 'lower') body.push(`<path class="band" data-label="${xmlText(s.label.replace(/ upper$/, ''))}" d="${bandPath(s.x, lower.y, s.y, px, py, !!s.step)}" fill="${st.colour}" fill-opacity="0.2" stroke="none"/>`);
      return;
    }
    if (s.band) return;
    if (s.rug) {
      const base = s.rug === 'bottom' ? box.top + box.height : box.top;
      const len = s.rug === 'bottom' ? -5 : 5;
      const d = s.x.filter(Number.isFinite).map((x) => `M${c(px(x))} ${c(base)} v${len}`).join(' ');
      body.push(`<path class="rug" data-label="${xmlText(s.label)}" d="${d}" stroke="${st.colour}" stroke-width="0.5" fill="none"/>`);
      return;
    }
    const dash = st.dash.length ? ` stroke-dasharray="${st.dash.join(' ')}"` : '';
    body.push(`<path class="series" data-series="${i}" data-label="${xmlText(s.label)}" d="${linePath(s.x, s.y, px, py, !!s.step)}" fill="none" stroke="${st.colour}" stroke-width="1.25" stroke-linejoin="round"${dash}/>`);
    if (s.whiskers) body.push(`<path class="whiskers" data-label="${xmlText(s.label)}" d="${whiskerPath(s, px, py)}" stroke="${st.colour}" stroke-width="0.75" fill="none"/>`);
    if (s.points) body.push(`<g class="points" fill="${st.colour}">${s.x.map((x, k) => (s.y[k] === null || !Number.isFinite(s.y[k] as number) ? '' : `<circle cx="${c(px(x))}" cy="${c(py(s.y[k] as number))}" r="1.8"/>`)).join('')}</g>`);
  });
  body.push(`</g>`);
  const items: LegendItem[] = series.flatMap((s, i) => (s.band ? [] : [{ label: s.label, colour: styles[i].colour, dash: styles[i].dash, kind: s.rug ? ('rug' as const) : s.points ? ('points' as const) : ('line' as const) }]));
  const legendTop = box.top + box.height + TICK + LABEL + 14;
  const legend = legendSvg(items, box.left, legendTop, box.width);
  body.push(...legend.svg);
  // under the legend, as the page shows it under the chart
  const atRisk = spec.atRisk ? atRiskSvg(spec.atRisk, box, legendTop + legend.height + 6, px) : { svg: [], height: 0 };
  body.push(...atRisk.svg);
  return svgDocument(width, legendTop + legend.height + 4 + (spec.atRisk ? atRisk.height + 6 : 0), spec.title, body);
}

function barSvg(spec: Extract<FigureSpec, { kind: 'bar' }>, width: number): string {
  const { labels, values } = spec;
  const [, y1] = axisRange(0, Math.max(0, ...values), 0, undefined);
  const yTickValues = niceTicks(0, y1);
  const left = leftMargin(yTickValues.map(tickText));
  const plotWidth = width - left - 10;
  const box: Box = { left, top: 8, width: plotWidth, height: plotWidth * 0.6 };
  const slot = box.width / Math.max(1, labels.length);
  const py = (y: number) => box.top + box.height - (y / y1) * box.height;
  // every label when they fit, else every k-th
  const every = Math.max(1, Math.ceil((labels.length * textWidth(labels[0] ?? '', TICK)) / box.width));
  const body = axesSvg(
    box,
    labels.flatMap((l, i) => (i % every === 0 ? [{ at: box.left + slot * (i + 0.5), text: l }] : [])),
    yTickValues.map((t) => ({ at: py(t), text: tickText(t) })),
    spec.axes,
  );
  body.push(`<g class="plot bars" data-box="${[box.left, box.top, box.width, box.height].map(c).join(' ')}" data-y-range="0 ${y1}" fill="${PALETTE[5]}" stroke="${PALETTE[0]}" stroke-width="0.5">`);
  values.forEach((v, i) => body.push(`<rect class="bar" data-label="${xmlText(labels[i])}" data-value="${v}" x="${c(box.left + slot * i + slot * 0.1)}" y="${c(py(v))}" width="${c(slot * 0.8)}" height="${c(py(0) - py(v))}"/>`));
  body.push(`</g>`);
  return svgDocument(width, box.top + box.height + TICK + LABEL + 16, spec.title, body);
}
