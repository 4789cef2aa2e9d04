/**
 * The split search over one feature's histogram bins (scikit-learn's
 * `_find_best_bin_to_split_left_to_right`): bins 0..lastBin-1 are added left to right to
 * the left sums, and each allowed split scores
 *   gain = G*v - G_L*v_L - G_R*v_R,  v = -g / (h + l2 + 1e-15)
 * Only a gain strictly above the best so far (win[0]) wins, so the first bin of the largest
 * gain is kept; both scans leave the winner in win (see scoreSplit), untouched when none.
 *
 * Until min_samples_leaf rows and min_hessian_to_split are on the left, bins only accumulate
 * (counts never decrease, so no later check can stop the scan before); from there on the
 * checks and the gain run in scikit-learn's order.
 */

/** Node value -g / (h + l2) (scikit-learn adds 1e-15 to the denominator). */
export function nodeValue(g: number, h: number, l2: number): number {
  return -g / (h + l2 + 1e-15);
}

/** The node a scan searches and the split limits (scikit-learn's TreeGrower names). */
export interface ScanNode {
  /** Rows, gradient sum G, hessian sum H and G * value of the node. */
  count: number;
  G: number;
  H: number;
  lossNode: number;
  /** min_samples_leaf, min_hessian_to_split, l2_regularization. */
  msl: number;
  minHess: number;
  l2: number;
}

/** The gain of sending gL, hL left (gR = G - gL, hR right). */
function splitGain(lossNode: number, G: number, gL: number, hL: number, hR: number, l2: number): number {
  const gR = G - gL;
  return lossNode - gL * nodeValue(gL, hL, l2) - gR * nodeValue(gR, hR, l2);
}

/**
 * Checks the split after bin b (left sums nLeft, gL, hL) in scikit-learn's order and scores
 * it; returns true when the scan must stop (too few rows or too little hessian on the right
 * from here on). A gain strictly above win[0] makes it the winner: win[0..4] = gain, bin,
 * left count, left gradient, left hessian.
 */
function scoreSplit(node: ScanNode, b: number, nLeft: number, gL: number, hL: number, win: Float64Array): boolean {
  const hR = node.H - hL;
  if (node.count - nLeft < node.msl) return true;
  if (hL < node.minHess) return false;
  if (hR < node.minHess) return true;
  const gain = splitGain(node.lossNode, node.G, gL, hL, hR, node.l2);
  if (gain > win[0]) {
    win[0] = gain;
    win[1] = b;
    win[2] = nLeft;
    win[3] = gL;
    win[4] = hL;
  }
  return false;
}

/** Every bin in order. */
export function scanDense(sums: Float64Array, off: number, lastBin: number, node: ScanNode, win: Float64Array): void {
  const { msl, minHess } = node;
  let nLeft = 0, gL = 0, hL = 0;
  let b = 0;
  let at = 3 * off;
  for (; b < lastBin; b++, at += 3) {
    nLeft += sums[at + 2];
    gL += sums[at];
    hL += sums[at + 1];
    if (nLeft >= msl && !(hL < minHess)) break;
  }
  for (; b < lastBin; ) {
    if (scoreSplit(node, b, nLeft, gL, hL, win)) break;
    b++;
    at += 3;
    if (b >= lastBin) break;
    nLeft += sums[at + 2];
    gL += sums[at];
    hL += sums[at + 1];
  }
}

/**
 * Only the bins set in the feature's bitmap (`map` from word `wo`, bin b at bit b & 31 of
 * word b >> 5), in increasing order. Exact when every bin left out holds g = h = count = 0:
 * adding it changes no sum, so at it every check says what it said at the bin before (a
 * stop would have stopped there) and its gain equals that bin's, which is not strictly
 * larger than the best by then; before the first set bin the left hessian is 0, below
 * min_hessian_to_split, so nothing is scored there either.
 */
export function scanSparse(sums: Float64Array, off: number, map: Int32Array, wo: number, lastBin: number, node: ScanNode, win: Float64Array): void {
  const { msl, minHess } = node;
  let nLeft = 0, gL = 0, hL = 0;
  let accumulating = true;
  for (let base = 0; base < lastBin; base += 32) {
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
      if (scoreSplit(node, b, nLeft, gL, hL, win)) return;
    }
  }
}
