/**
 * Indices of the k smallest p-values, NaN counted as 1, ties kept in column
 * order (a stable sort), returned in column order. The fallback rule of the
 * t-test and LASSO selectors.
 */
function smallestP(p: ArrayLike<number>, k: number): Int32Array {
  const key = (j: number) => (Number.isNaN(p[j]) ? 1 : p[j]);
  const order = Array.from({ length: p.length }, (_, j) => j).sort((a, b) => key(a) - key(b) || a - b);
  return Int32Array.from(order.slice(0, Math.min(k, p.length))).sort();
}

/** The columns where `keep` holds, or if there are none the k of smallest p (then `fallback` is true). */
export function keptOrSmallestP(cols: number, keep: (j: number) => boolean, pValues: () => ArrayLike<number>, k: number): { selected: Int32Array; fallback: boolean } {
  const kept: number[] = [];
  for (let j = 0; j < cols; j++) if (keep(j)) kept.push(j);
  if (kept.length > 0) return { selected: Int32Array.from(kept), fallback: false };
  return { selected: smallestP(pValues(), k), fallback: true };
}
