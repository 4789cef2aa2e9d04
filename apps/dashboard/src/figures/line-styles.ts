import { PALETTE } from '../series.js';
import type { Series } from '../series.js';

/** Dash of a reference line (chance, perfect calibration, treat all): the `dashed` flag of a series. */
export const REFERENCE_DASH = [6, 4];

/**
 * Dash patterns of the data lines, in order (solid, dash-dot, dotted, long dash, dash-dot-dot): a figure
 * printed in grey or read with a colour-vision deficiency still tells its lines apart by style.
 */
export const LINE_DASHES: number[][] = [[], [10, 3, 2, 3], [2, 2], [12, 5], [8, 2, 2, 2, 2, 2]];

/** How a series is drawn; the on-screen chart, the SVG and the PNG export all use these, so legends match. */
export interface LineStyle {
  colour: string;
  dash: number[];
}

/**
 * Colour and dash of each series: colour as given, else the Okabe-Ito palette by position; dash as given,
 * `dashed` the reference dash, else the next of LINE_DASHES counted over the data lines only (bands and
 * rugs draw no line and take none).
 */
export function lineStyles(series: Series[]): LineStyle[] {
  let line = 0;
  return series.map((s, i) => {
    const colour = s.colour ?? PALETTE[i % PALETTE.length];
    if (s.dash) return { colour, dash: s.dash };
    if (s.dashed) return { colour, dash: REFERENCE_DASH };
    if (s.band || s.rug) return { colour, dash: [] };
    return { colour, dash: LINE_DASHES[line++ % LINE_DASHES.length] };
  });
}
