/** Sum of each angle's block of `cells` counts in `counts` (angle-major). */
export function angleTotals(counts: Float64Array, cells: number, na: number): number[] {
  const totals: number[] = [];
  for (let a = 0; a < na; a++) {
    let s = 0;
    for (let k = 0; k < cells; k++) s += counts[a * cells + k];
    totals.push(s);
  }
  return totals;
}

/** The angles' matrices summed into one with the given weights (pyradiomics' weightingNorm). */
export function mergeAngles(counts: Float64Array, cells: number, weights: Float64Array): Float64Array {
  const merged = new Float64Array(cells);
  for (let a = 0; a < weights.length; a++) for (let k = 0; k < cells; k++) merged[k] += counts[a * cells + k] * weights[a];
  return merged;
}

/** Indices of the angles to keep: the non-empty ones when there is more than one angle (pyradiomics drops empty angles). */
export function nonEmptyAngles(totals: number[]): number[] {
  return totals.length > 1 ? totals.map((s, a) => (s > 0 ? a : -1)).filter((a) => a >= 0) : [0];
}
