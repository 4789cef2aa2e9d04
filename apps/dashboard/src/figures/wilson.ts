/** Standard normal quantile for a two-sided level, for the usual levels (no inverse-CDF in the browser needed). */
export function zFor(level: number): number {
  const z: Record<string, number> = { '0.9': 1.6448536269514722, '0.95': 1.959963984540054, '0.99': 2.5758293035489004 };
  const v = z[String(level)];
  if (v === undefined) throw new Error(`no normal quantile for confidence level ${level}: use 0.9, 0.95 or 0.99`);
  return v;
}

/**
 * Wilson score interval of a proportion of `x` events in `n` trials (Wilson 1927; Newcombe 1998 method 3):
 * (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n). Stays inside [0, 1] and is defined at x = 0 and
 * x = n, where the Wald interval collapses. n = 0: no interval (null).
 */
export function wilsonInterval(x: number, n: number, level = 0.95): { lower: number; upper: number } | null {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || x > n) throw new Error(`wilsonInterval: need integers 0 <= x <= n, got x=${x}, n=${n}`);
  if (n === 0) return null;
  const z = zFor(level);
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  // at x = 0 (x = n) the limit is exactly 0 (1); the formula leaves rounding noise there
  return { lower: x === 0 ? 0 : (centre - half) / denom, upper: x === n ? 1 : (centre + half) / denom };
}
