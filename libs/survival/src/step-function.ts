/**
 * A right-continuous step function: value[k] holds on [knots[k], knots[k + 1]),
 * `before` holds before knots[0]. Cumulative hazards and survival curves are stored this way.
 */
export function stepValueAt(knots: Float64Array, values: Float64Array, t: number, before = 0): number {
  // last knot <= t, by bisection
  let lo = 0;
  let hi = knots.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (knots[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? before : values[lo - 1];
}
