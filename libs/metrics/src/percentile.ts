/**
 * The q-th percentile (q in [0, 100]) of values sorted in increasing order, by linear interpolation
 * between closest ranks: h = (n - 1) q / 100, result = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * Reference: numpy.percentile(method='linear') (Hyndman & Fan 1996, definition 7), including numpy's
 * symmetric interpolation (from the upper value when the fraction is >= 1/2).
 */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = ((n - 1) * q) / 100;
  const lo = Math.min(n - 1, Math.max(0, Math.floor(h)));
  const hi = Math.min(n - 1, lo + 1);
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}
