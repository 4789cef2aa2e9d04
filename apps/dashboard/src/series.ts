/** Line colours, distinguishable for common colour-vision deficiencies (Okabe-Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/**
 * A line of a figure (data only: charts.ts draws it). `band`: one side of a shaded interval, drawn without
 * a line and left out of the legend; an 'upper' series shades down to the series just before it (its 'lower').
 * `rug`: no line, a short tick per x value at the bottom (or top) edge of the plot (its y values are ignored).
 * `whiskers`: a vertical interval at each point (e.g. a calibration bin's confidence interval), null for none.
 */
export type Series = { label: string; x: number[]; y: (number | null)[]; dashed?: boolean; dash?: number[]; colour?: string; step?: boolean; points?: boolean; band?: 'lower' | 'upper'; rug?: 'bottom' | 'top'; whiskers?: { lower: (number | null)[]; upper: (number | null)[] } };

/** The two series of a shaded interval (lower first, then upper, which fills down to it). */
export function bandSeries(label: string, x: number[], lower: (number | null)[], upper: (number | null)[], colour: string): Series[] {
  return [
    { label: `${label} lower`, x, y: lower, colour, band: 'lower' },
    { label: `${label} upper`, x, y: upper, colour, band: 'upper' },
  ];
}

/** The points whose x is a number: stored curves are JSON, where the engine's NaN (an empty calibration bin) is null. */
export function definedX(x: (number | null)[], y: (number | null)[]): { x: number[]; y: (number | null)[] } {
  const keep = x.flatMap((v, i) => (v === null ? [] : [i]));
  return { x: keep.map((i) => x[i] as number), y: keep.map((i) => y[i] ?? null) };
}
