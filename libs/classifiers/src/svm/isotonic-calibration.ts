/**
 * Isotonic calibration as scikit-learn 1.2's `IsotonicRegression(out_of_bounds='clip')`
 * (increasing): scores sorted (ties by label), scores closer than 1e-15 merged into one
 * point with the mean label and summed weight, the weighted pool-adjacent-violators
 * algorithm gives a non-decreasing fit at each distinct score; a new score is clipped to
 * [min, max] of the training scores and linearly interpolated between the fitted points.
 * Reference: M. Ayer et al., Ann. Math. Statist. 26 (1955) 641-647 (PAVA); B. Zadrozny,
 * C. Elkan, "Transforming classifier scores into accurate multiclass probability
 * estimates", KDD 2002.
 */
export interface IsotonicFit {
  /** Distinct training scores, increasing. */
  x: Float64Array;
  /** Fitted non-decreasing values at x, in [0, 1]. */
  y: Float64Array;
}

/** numpy's float64 resolution: scikit-learn's `_make_unique` merges closer scores. */
const MERGE_EPS = 1e-15;

export function fitIsotonic(score: Float64Array, label: Uint8Array): IsotonicFit {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => score[i] - score[j] || label[i] - label[j]);
  // merge (near-)equal scores
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    const last = xs.length - 1;
    if (last >= 0 && score[i] - xs[last] < MERGE_EPS) {
      ys[last] = (ys[last] * ws[last] + label[i]) / (ws[last] + 1);
      ws[last] += 1;
    } else {
      xs.push(score[i]);
      ys.push(label[i]);
      ws.push(1);
    }
  }
  // pool adjacent violators on blocks (value, weight, length)
  const m = xs.length;
  const value = new Float64Array(m);
  const weight = new Float64Array(m);
  const size = new Int32Array(m);
  let blocks = 0;
  for (let k = 0; k < m; k++) {
    value[blocks] = ys[k];
    weight[blocks] = ws[k];
    size[blocks] = 1;
    blocks++;
    while (blocks > 1 && value[blocks - 2] > value[blocks - 1]) {
      const w = weight[blocks - 2] + weight[blocks - 1];
      value[blocks - 2] = (value[blocks - 2] * weight[blocks - 2] + value[blocks - 1] * weight[blocks - 1]) / w;
      weight[blocks - 2] = w;
      size[blocks - 2] += size[blocks - 1];
      blocks--;
    }
  }
  const fitted = new Float64Array(m);
  for (let b = 0, k = 0; b < blocks; b++) for (let s = 0; s < size[b]; s++) fitted[k++] = value[b];
  return { x: Float64Array.from(xs), y: fitted };
}

export function isotonicProbability(fit: IsotonicFit, score: number): number {
  const { x, y } = fit;
  const m = x.length;
  if (m === 1 || score <= x[0]) return y[0];
  if (score >= x[m - 1]) return y[m - 1];
  // binary search for x[lo] <= score < x[lo + 1]
  let lo = 0, hi = m - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= score) lo = mid;
    else hi = mid;
  }
  return y[lo] + ((score - x[lo]) * (y[hi] - y[lo])) / (x[hi] - x[lo]);
}
