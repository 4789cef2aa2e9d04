/** Indices 0..n-1 ordered by increasing score (ties in any order: callers treat tied scores as one group). */
export function ascendingOrder(s: Float64Array): Uint32Array {
  const order = new Uint32Array(s.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => s[a] - s[b]);
}

/**
 * The Mann-Whitney form of ROC AUC over a precomputed ascending order of the scores:
 * AUC = (1 / (W+ W-)) * sum over (positive i, negative j) of w_i w_j [s_i > s_j] + 1/2 [s_i = s_j],
 * with patient weights w (all 1 when omitted; resample multiplicities in the bootstrap).
 * Equals the trapezoidal area under scikit-learn's ROC curve. O(n), no allocation.
 * Returns NaN when the weighted positives or negatives sum to 0.
 */
export function aucFromOrder(order: Uint32Array, s: Float64Array, y: Uint8Array, weights?: Int32Array | Float64Array): number {
  const n = order.length;
  let negativesBelow = 0;
  let positives = 0;
  let sum = 0;
  for (let i = 0; i < n; ) {
    const value = s[order[i]];
    let groupPos = 0;
    let groupNeg = 0;
    let j = i;
    for (; j < n && s[order[j]] === value; j++) {
      const k = order[j];
      const w = weights === undefined ? 1 : weights[k];
      if (y[k] === 1) groupPos += w;
      else groupNeg += w;
    }
    // positives in this tie group beat every negative below it and tie with the group's negatives
    sum += groupPos * (negativesBelow + 0.5 * groupNeg);
    negativesBelow += groupNeg;
    positives += groupPos;
    i = j;
  }
  return positives === 0 || negativesBelow === 0 ? NaN : sum / (positives * negativesBelow);
}
