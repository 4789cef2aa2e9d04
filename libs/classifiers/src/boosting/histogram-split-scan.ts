/**
 * The split search over one feature's histogram bins (scikit-learn's
 * `_find_best_bin_to_split_left_to_right`): bins 0..lastBin-1 are added left to right to
 * the left sums, and each allowed split scores
 *   gain = G*v - G_L*v_L - G_R*v_R,  v = -g / (h + l2 + 1e-15)
 * Only a gain strictly above `bestGain` wins, so the first bin of the largest gain is kept.
 * Both scans return the winning bin (-1 for none) and leave its gain, left count, left
 * gradient and left hessian in out[0..3].
 *
 * Until min_samples_leaf rows and min_hessian_to_split are on the left, bins only accumulate
 * (counts never decrease, so no later check can stop the scan before); from there on the
 * checks and the gain run in scikit-learn's order.
 */

/** Node value -g / (h + l2) (scikit-learn adds 1e-15 to the denominator). */
export function nodeValue(g: number, h: number, l2: number): number {
  return -g / (h + l2 + 1e-15);
}

/** Every bin in order. */
export function scanDense(
  sums: Float64Array, off: number, lastBin: number,
  count: number, G: number, H: number, lossNode: number, msl: number, minHess: number, l2: number,
  bestGain: number, out: Float64Array,
): number {
  let found = -1;
  let nLeft = 0;
  let gL = 0;
  let hL = 0;
  let bestNL = 0, bestGL = 0, bestHL = 0;
  let b = 0;
  let at = 3 * off;
  for (; b < lastBin; b++, at += 3) {
    nLeft += sums[at + 2];
    gL += sums[at];
    hL += sums[at + 1];
    if (nLeft >= msl && !(hL < minHess)) break;
  }
  for (; b < lastBin; ) {
    const nRight = count - nLeft;
    const hR = H - hL;
    if (nRight < msl) break;
    if (!(hL < minHess)) {
      if (hR < minHess) break;
      const gR = G - gL;
      const gain = lossNode - gL * nodeValue(gL, hL, l2) - gR * nodeValue(gR, hR, l2);
      if (gain > bestGain) {
        bestGain = gain;
        found = b;
        bestNL = nLeft;
        bestGL = gL;
        bestHL = hL;
      }
    }
    b++;
    at += 3;
    if (b >= lastBin) break;
    nLeft += sums[at + 2];
    gL += sums[at];
    hL += sums[at + 1];
  }
  out[0] = bestGain;
  out[1] = bestNL;
  out[2] = bestGL;
  out[3] = bestHL;
  return found;
}

/**
 * Only the bins set in the feature's bitmap (`map` from word `wo`, bin b at bit b & 31 of
 * word b >> 5), in increasing order. Exact when every bin left out holds g = h = count = 0:
 * adding it changes no sum, so at it every check says what it said at the bin before (a
 * stop would have stopped there) and its gain equals that bin's, which is not strictly
 * larger than the best by then; before the first set bin the left hessian is 0, below
 * min_hessian_to_split, so nothing is scored there either.
 */
export function scanSparse(
  sums: Float64Array, off: number, map: Int32Array, wo: number, lastBin: number,
  count: number, G: number, H: number, lossNode: number, msl: number, minHess: number, l2: number,
  bestGain: number, out: Float64Array,
): number {
  let found = -1;
  let nLeft = 0;
  let gL = 0;
  let hL = 0;
  let bestNL = 0, bestGL = 0, bestHL = 0;
  let accumulating = true;
  words: for (let base = 0; base < lastBin; base += 32) {
    let bits = map[wo + (base >> 5)];
    const below = lastBin - base; // the dense scan's range (the count check would stop at lastBin anyway)
    if (below < 32) bits &= (1 << below) - 1;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const b = base + 31 - Math.clz32(low);
      const at = 3 * (off + b);
      nLeft += sums[at + 2];
      gL += sums[at];
      hL += sums[at + 1];
      if (accumulating) {
        if (nLeft >= msl && !(hL < minHess)) accumulating = false;
        else continue;
      }
      const nRight = count - nLeft;
      const hR = H - hL;
      if (nRight < msl) break words;
      if (!(hL < minHess)) {
        if (hR < minHess) break words;
        const gR = G - gL;
        const gain = lossNode - gL * nodeValue(gL, hL, l2) - gR * nodeValue(gR, hR, l2);
        if (gain > bestGain) {
          bestGain = gain;
          found = b;
          bestNL = nLeft;
          bestGL = gL;
          bestHL = hL;
        }
      }
    }
  }
  out[0] = bestGain;
  out[1] = bestNL;
  out[2] = bestGL;
  out[3] = bestHL;
  return found;
}
