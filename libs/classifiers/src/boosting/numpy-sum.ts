/** numpy's unrolling width and block size in pairwise summation (numpy/core/src/umath/loops_utils.h.src). */
const PW_BLOCKSIZE = 128;

/**
 * values[start, start + n) summed as `np.sum` sums a contiguous float64 array: plain
 * left-to-right below 8 values, eight interleaved partial sums up to 128, and recursive
 * halving (at a multiple of 8) above. Same numbers as numpy, bit for bit, so results
 * that numpy feeds into later comparisons (gradient boosting's leaf values) agree exactly.
 */
export function numpySum(values: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += values[start + i];
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = values[start];
    let r1 = values[start + 1];
    let r2 = values[start + 2];
    let r3 = values[start + 3];
    let r4 = values[start + 4];
    let r5 = values[start + 5];
    let r6 = values[start + 6];
    let r7 = values[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const a = start + i;
      r0 += values[a];
      r1 += values[a + 1];
      r2 += values[a + 2];
      r3 += values[a + 3];
      r4 += values[a + 4];
      r5 += values[a + 5];
      r6 += values[a + 6];
      r7 += values[a + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += values[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return numpySum(values, start, n2) + numpySum(values, start + n2, n - n2);
}
