/**
 * The first position where two lists of doubles differ in their bits (not merely in value: 0 and -0,
 * or two NaNs with other payloads, differ), or -1 when they are the same bits throughout.
 */
export function firstBitDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new BigUint64Array(Float64Array.from(a).buffer);
  const y = new BigUint64Array(Float64Array.from(b).buffer);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}
