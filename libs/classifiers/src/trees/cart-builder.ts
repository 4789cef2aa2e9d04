import { Rng } from '@radsweep/core';
import { sortPairs } from './sort-pairs';
import { TreeNodes } from './tree-nodes';

/** Values closer than this count as equal when looking for a threshold (scikit-learn's FEATURE_THRESHOLD). */
const FEATURE_THRESHOLD = 1e-7;
/** A node whose Gini impurity is at most this is pure (scikit-learn's EPSILON, machine epsilon). */
const EPSILON = 2.220446049250313e-16;

/** Growth settings of one CART tree, already resolved to numbers. */
export interface CartOptions {
  /** Deepest allowed level (root = 0); Infinity for no limit. */
  maxDepth: number;
  /** A node with fewer (distinct, non-zero-weight) rows than this becomes a leaf. */
  minSamplesSplit: number;
  /** Each child must keep at least this many rows. */
  minSamplesLeaf: number;
  /** Split only if the weighted impurity decrease (share of root weight x Gini drop) reaches this. */
  minImpurityDecrease: number;
  /** Features drawn (without replacement) per split; 1..nFeatures. */
  maxFeatures: number;
  /** 'best': best midpoint threshold of each drawn feature; 'random': one uniform threshold per drawn feature (Extra Trees). */
  splitter: 'best' | 'random';
}

/**
 * Grows a CART classification tree (Breiman et al., Classification and Regression
 * Trees, 1984) for 0/1 labels with sample weights, Gini impurity, and scikit-learn's
 * splitting rules (sklearn/tree/_splitter.pyx, _tree.pyx, version 1.2):
 * - at each node, features are drawn in random order without replacement; at least
 *   `maxFeatures` are visited and drawing continues past constant ones until a
 *   non-constant feature was seen (Breiman's per-split feature sampling);
 * - 'best': the node's values of a feature are sorted once, every boundary between
 *   distinct values (gap > 1e-7) is a candidate, the threshold is the midpoint;
 * - 'random' (Geurts et al., Extremely randomized trees, 2006): one threshold drawn
 *   uniformly between the node's min and max of the feature;
 * - a split maximises the Gini decrease, i.e. minimises wL*gini(L) + wR*gini(R);
 * - rows with weight 0 are left out (bootstrap counts arrive as weights); row counts
 *   (min_samples_*) count distinct rows, impurities use weights.
 * Own code rather than ml-cart (O(n^2) split search, no weights, no probabilities;
 * 40-60x slower, see shared/notes/ml-libraries.md). One builder owns every buffer
 * (row index list partitioned in place, sorted-value scratch, node storage, stack) and
 * is reused for all trees of a forest, so growing a tree allocates only its result.
 */
export class CartBuilder {
  private readonly samples: Int32Array;
  private readonly xf: Float64Array;
  /** y[i] * weight[i] of the tree being grown. */
  private readonly wy: Float64Array;
  private readonly features: Int32Array;
  private readonly nodes: TreeNodes;
  private readonly stackStart: Int32Array;
  private readonly stackEnd: Int32Array;
  private readonly stackDepth: Int32Array;
  private readonly stackParent: Int32Array;
  private readonly stackW: Float64Array;
  private readonly stackW1: Float64Array;
  // Result of the last findSplit call.
  private bestFeature = -1;
  private bestThreshold = 0;

  /**
   * @param xCol training features column-major (column j is xCol[j*nRows .. (j+1)*nRows)), see `toColumnMajor`
   * @param y 0/1 labels
   */
  constructor(
    private readonly xCol: Float64Array,
    private readonly y: Uint8Array,
    readonly nRows: number,
    readonly nFeatures: number,
  ) {
    this.samples = new Int32Array(nRows);
    this.xf = new Float64Array(nRows);
    this.wy = new Float64Array(nRows);
    this.features = new Int32Array(nFeatures);
    this.nodes = TreeNodes.withCapacity(2 * nRows + 1);
    this.stackStart = new Int32Array(nRows + 2);
    this.stackEnd = new Int32Array(nRows + 2);
    this.stackDepth = new Int32Array(nRows + 2);
    this.stackParent = new Int32Array(nRows + 2);
    this.stackW = new Float64Array(nRows + 2);
    this.stackW1 = new Float64Array(nRows + 2);
  }

  /** Grows one tree on the rows with weight > 0 (depth first, left child first, as scikit-learn). */
  build(weight: Float64Array, opts: CartOptions, rng: Rng): TreeNodes {
    const { samples, nodes, y } = this;
    const { feature, threshold, left, right, value } = nodes;
    for (let f = 0; f < this.nFeatures; f++) this.features[f] = f;
    let m = 0;
    let wRoot = 0;
    let w1Root = 0;
    for (let i = 0; i < this.nRows; i++) {
      const wi = weight[i];
      this.wy[i] = y[i] * wi;
      if (wi > 0) {
        samples[m++] = i;
        wRoot += wi;
        w1Root += y[i] * wi;
      }
    }
    const minSplit = Math.max(opts.minSamplesSplit, 2 * opts.minSamplesLeaf);
    let count = 0;
    let top = 0;
    this.push(top++, 0, m, 0, -1, wRoot, w1Root);
    while (top > 0) {
      top--;
      const start = this.stackStart[top];
      const end = this.stackEnd[top];
      const depth = this.stackDepth[top];
      const parent = this.stackParent[top];
      const w = this.stackW[top];
      const w1 = this.stackW1[top];
      const node = count++;
      if (parent >= 0) {
        if (left[parent] === -2) left[parent] = node;
        else right[parent] = node;
      }
      value[node] = w1 / w;
      const impurity = gini(w, w1);
      let isLeaf = depth >= opts.maxDepth || end - start < minSplit || impurity <= EPSILON;
      let pos = start;
      let wL = 0;
      let w1L = 0;
      if (!isLeaf && this.findSplit(start, end, weight, w, w1, opts, rng)) {
        // Partition the node's rows in place: x <= threshold first.
        const col = this.bestFeature * this.nRows;
        const thr = this.bestThreshold;
        let j = end;
        while (pos < j) {
          const s = samples[pos];
          if (this.xCol[col + s] <= thr) {
            wL += weight[s];
            w1L += this.wy[s];
            pos++;
          } else {
            samples[pos] = samples[--j];
            samples[j] = s;
          }
        }
        const wR = w - wL;
        const improvement = (w / wRoot) * (impurity - (wL / w) * gini(wL, w1L) - (wR / w) * gini(wR, w1 - w1L));
        isLeaf = pos <= start || pos >= end || improvement + EPSILON < opts.minImpurityDecrease;
      } else {
        isLeaf = true;
      }
      if (isLeaf) {
        feature[node] = -1;
        threshold[node] = -2;
        left[node] = -1;
        right[node] = -1;
        continue;
      }
      feature[node] = this.bestFeature;
      threshold[node] = this.bestThreshold;
      left[node] = -2; // marks "left child not yet attached"
      this.push(top++, pos, end, depth + 1, node, w - wL, w1 - w1L);
      this.push(top++, start, pos, depth + 1, node, wL, w1L);
    }
    return nodes.slice(count);
  }

  private push(at: number, start: number, end: number, depth: number, parent: number, w: number, w1: number): void {
    this.stackStart[at] = start;
    this.stackEnd[at] = end;
    this.stackDepth[at] = depth;
    this.stackParent[at] = parent;
    this.stackW[at] = w;
    this.stackW1[at] = w1;
  }

  /**
   * Finds the best split of rows samples[start, end) (total weight w, class-1 weight w1)
   * into bestFeature / bestThreshold; false when no feature gives a valid split.
   * Maximises the Gini proxy (w1L^2 + w0L^2)/wL + (w1R^2 + w0R^2)/wR, which equals
   * w - (wL gini(L) + wR gini(R)).
   */
  private findSplit(start: number, end: number, weight: Float64Array, w: number, w1: number, opts: CartOptions, rng: Rng): boolean {
    const { samples, xf, xCol, wy, features } = this;
    const minLeaf = opts.minSamplesLeaf;
    const random = opts.splitter === 'random';
    let best = -Infinity;
    let remaining = this.nFeatures;
    let visited = 0;
    let constants = 0;
    while (remaining > 0 && (visited < opts.maxFeatures || visited <= constants)) {
      visited++;
      const pick = rng.int(remaining);
      const f = features[pick];
      features[pick] = features[--remaining];
      features[remaining] = f;
      const col = f * this.nRows;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = start; i < end; i++) {
        const v = xCol[col + samples[i]];
        xf[i] = v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi <= lo + FEATURE_THRESHOLD) {
        constants++;
        continue;
      }
      if (random) {
        let thr = lo + rng.next() * (hi - lo);
        if (thr === hi) thr = lo;
        let nL = 0;
        let wL = 0;
        let w1L = 0;
        for (let i = start; i < end; i++) {
          const s = samples[i];
          const isLeft = xf[i] <= thr ? 1 : 0; // branch-free: the comparison is a coin flip
          nL += isLeft;
          wL += isLeft * weight[s];
          w1L += isLeft * wy[s];
        }
        if (nL < minLeaf || end - start - nL < minLeaf) continue;
        const proxy = giniProxy(wL, w1L, w - wL, w1 - w1L);
        if (proxy > best) {
          best = proxy;
          this.bestFeature = f;
          this.bestThreshold = thr;
        }
        continue;
      }
      sortPairs(xf, samples, start, end);
      let wL = 0;
      let w1L = 0;
      const lastLeft = end - minLeaf; // the left part may end (exclusive) at most here
      const firstLeft = start + minLeaf;
      for (let i = start; i < lastLeft; i++) {
        const s = samples[i];
        wL += weight[s];
        w1L += wy[s];
        if (i + 1 < firstLeft || xf[i + 1] <= xf[i] + FEATURE_THRESHOLD) continue;
        const proxy = giniProxy(wL, w1L, w - wL, w1 - w1L);
        if (proxy > best) {
          best = proxy;
          this.bestFeature = f;
          let thr = xf[i] / 2 + xf[i + 1] / 2;
          if (thr === xf[i + 1] || !Number.isFinite(thr)) thr = xf[i];
          this.bestThreshold = thr;
        }
      }
    }
    return best > -Infinity;
  }
}

/** Gini impurity 1 - p0^2 - p1^2 = 2 p1 (1 - p1) of a node with weight w, class-1 weight w1. */
export function gini(w: number, w1: number): number {
  const p1 = w1 / w;
  return 2 * p1 * (1 - p1);
}

function giniProxy(wL: number, w1L: number, wR: number, w1R: number): number {
  const w0L = wL - w1L;
  const w0R = wR - w1R;
  return (w1L * w1L + w0L * w0L) / wL + (w1R * w1R + w0R * w0R) / wR;
}
