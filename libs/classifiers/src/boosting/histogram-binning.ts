/** scikit-learn's ALMOST_INF: thresholds are clipped to it so none is +infinity. */
const ALMOST_INF = 1e300;

/**
 * Bin edges of one feature, scikit-learn's `_find_binning_thresholds`: with at most
 * `maxBins` distinct values, the midpoints (a + b) * 0.5 of consecutive distinct values;
 * otherwise the `maxBins - 1` percentiles at 100 k / maxBins (k = 1 .. maxBins - 1) of
 * all values, numpy's `method="midpoint"` (at index (n - 1) q: the value there when the
 * index is whole, else the halfway point b - (b - a) * 0.5 of its two neighbours).
 * A value v falls in bin b = the number of edges below v, so v <= edges[b] means bin <= b.
 */
export function binThresholds(values: ArrayLike<number>, maxBins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let distinct = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  let edges: Float64Array;
  if (distinct <= maxBins) {
    edges = new Float64Array(Math.max(0, distinct - 1));
    let k = 0;
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) edges[k++] = (sorted[i - 1] + sorted[i]) * 0.5;
  } else {
    const step = 100 / maxBins;
    edges = new Float64Array(maxBins - 1);
    for (let k = 1; k < maxBins; k++) {
      const at = (n - 1) * ((k * step) / 100);
      const lo = Math.floor(at);
      const hi = Math.ceil(at);
      edges[k - 1] = lo === hi ? sorted[lo] : sorted[hi] - (sorted[hi] - sorted[lo]) * 0.5;
    }
  }
  for (let k = 0; k < edges.length; k++) if (edges[k] > ALMOST_INF) edges[k] = ALMOST_INF;
  return edges;
}

/** The bin of value v for the given edges: the first b with v <= edges[b], else edges.length. */
export function binOf(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Bin codes of a row-major matrix, column-major: feature j, row i at j * rows + i. */
export function binColumns(data: Float64Array, rows: number, cols: number, edges: readonly Float64Array[]): Uint8Array {
  const out = new Uint8Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const e = edges[j];
    const base = j * rows;
    for (let i = 0; i < rows; i++) out[base + i] = binOf(e, data[i * cols + j]);
  }
  return out;
}
