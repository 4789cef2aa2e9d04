import { Matrix } from '@radsweep/core';
import { NodeRowSorter } from './node-row-sorter';
import { TreeNodes } from './tree-nodes';
import { TreeRandom } from './tree-random';

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
 * Trees, 1984) for 0/1 labels with sample weights and Gini impurity, replaying
 * scikit-learn's DepthFirstTreeBuilder, BestSplitter and RandomSplitter
 * (sklearn/tree/_tree.pyx, _splitter.pyx, _criterion.pyx) step for step:
 * - features are held as float32, as scikit-learn converts X (thresholds are midpoints
 *   of float32 values, computed in float64);
 * - at each node, features are drawn without replacement with `TreeRandom`; at least
 *   `maxFeatures` are visited and drawing continues past constant ones until a
 *   non-constant feature was seen (Breiman's per-split feature sampling); features
 *   found constant in a node are remembered and skipped by its descendants;
 * - 'best': the node's values of a feature are sorted once, every boundary between
 *   values more than 1e-7 apart is a candidate, the threshold is the midpoint; the sort is
 *   `NodeRowSorter` (scikit-learn's introsort order, ties included, but tie-free rows are
 *   taken from presorted rows or radix-sorted as packed rank|row keys; with sorted node
 *   segments when most features are visited: bagging, AdaBoost's stumps, a plain tree);
 * - 'random' (Geurts et al., Extremely randomized trees, 2006): one threshold drawn
 *   uniformly between the node's min and max of the feature;
 * - a split maximises the proxy -wR gini(R) - wL gini(L), gini = 1 - (c0^2 + c1^2) / w^2,
 *   evaluated in scikit-learn's operation order so that equal-gain ties fall the same way;
 * - rows with weight 0 are left out (bootstrap counts arrive as weights); row counts
 *   (min_samples_*) count distinct rows, impurities use weights.
 * Own code rather than ml-cart (O(n^2) split search, no weights, no probabilities;
 * 40-60x slower, see shared/notes/ml-libraries.md). One builder owns every buffer
 * (row index list partitioned in place, sorted-value scratch, node storage, stack) and
 * is reused for all trees of a forest, so growing a tree allocates only its result.
 */
export class CartBuilder {
  /** Training features as float32, column-major: column j is xCol[j*nRows .. (j+1)*nRows). */
  private readonly xCol: Float32Array;
  private readonly samples: Int32Array;
  private readonly xf: Float64Array;
  /** y[i] * weight[i] of the tree being grown. */
  private readonly wy: Float64Array;
  /** Random splitter: wy and weight of samples[i] at position i of the node being split (its rows never move). */
  private readonly wyAt: Float64Array;
  private readonly weightAt: Float64Array;
  /** Feature draw order, carried from node to node as scikit-learn does. */
  private readonly features: Int32Array;
  /** Features known to be constant, in the order found along the current path. */
  private readonly constantFeatures: Int32Array;
  private readonly nodes: TreeNodes;
  private readonly stackStart: Int32Array;
  private readonly stackEnd: Int32Array;
  private readonly stackDepth: Int32Array;
  private readonly stackParent: Int32Array;
  private readonly stackConstants: Int32Array;
  private readonly stackW: Float64Array;
  private readonly stackW1: Float64Array;
  /** Built on the first 'best' tree (Extra Trees never sort), then shared by every tree of the builder. */
  private sorter: NodeRowSorter | null = null;
  /** Whether the sorter keeps every node's rows sorted per feature (decided with the first 'best' tree). */
  private segmented = false;
  /** inBag[row] = 1 for the rows of weight > 0 of the tree being grown (segmented sorter). */
  private readonly inBag: Uint8Array;
  /**
   * How the 'best' splitter sorts: 'auto' keeps sorted segments (`NodeRowSorter` segmented) when at least
   * half of the features are visited per split (bagging, AdaBoost, a plain decision tree), where their upkeep
   * (all features partitioned per split) costs less than sorting; tests force either to compare.
   */
  sortMode: 'auto' | 'plain' | 'segmented' = 'auto';
  /** Whether every row of the tree being grown has weight 1 (Extra Trees without bootstrap). */
  private unitWeights = false;
  /** Whether unit weights take the random splitter's count-only loop (tests turn it off to compare). */
  unitWeightLoop = true;
  /** Whether the random splitter gathers a node's weights once, not once per feature (tests turn it off to compare). */
  gatherOncePerNode = true;
  // Result of the last findSplit call.
  private bestFeature = -1;
  private bestThreshold = 0;
  private nTotalConstants = 0;
  readonly nRows: number;
  readonly nFeatures: number;

  constructor(
    x: Matrix,
    private readonly y: Uint8Array,
  ) {
    const n = x.rows;
    const p = x.cols;
    this.nRows = n;
    this.nFeatures = p;
    this.xCol = new Float32Array(n * p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) this.xCol[j * n + i] = x.data[i * p + j];
    }
    this.samples = new Int32Array(n);
    this.inBag = new Uint8Array(n);
    this.xf = new Float64Array(n);
    this.wy = new Float64Array(n);
    this.wyAt = new Float64Array(n);
    this.weightAt = new Float64Array(n);
    this.features = new Int32Array(p);
    this.constantFeatures = new Int32Array(p);
    this.nodes = TreeNodes.withCapacity(2 * n + 1);
    this.stackStart = new Int32Array(n + 2);
    this.stackEnd = new Int32Array(n + 2);
    this.stackDepth = new Int32Array(n + 2);
    this.stackParent = new Int32Array(n + 2);
    this.stackConstants = new Int32Array(n + 2);
    this.stackW = new Float64Array(n + 2);
    this.stackW1 = new Float64Array(n + 2);
  }

  /** Grows one tree on the rows with weight > 0 (depth first, left child first, as scikit-learn). */
  build(weight: Float64Array, opts: CartOptions, random: TreeRandom): TreeNodes {
    const { samples, nodes, y, wy } = this;
    const { feature, threshold, left, right, value } = nodes;
    for (let f = 0; f < this.nFeatures; f++) this.features[f] = f;
    let m = 0;
    let wRoot = 0;
    let w1Root = 0;
    let unit = true;
    for (let i = 0; i < this.nRows; i++) {
      const wi = weight[i];
      unit &&= wi === 1;
      wy[i] = y[i] * wi;
      if (wi > 0) {
        samples[m++] = i;
        wRoot += wi;
        w1Root += wy[i];
      }
    }
    this.unitWeights = unit && this.unitWeightLoop;
    const minSplit = Math.max(opts.minSamplesSplit, 2 * opts.minSamplesLeaf);
    const sorter = opts.splitter === 'best' ? this.sorterFor(opts) : null;
    const segmented = sorter !== null && this.segmented;
    if (segmented) {
      if (m < this.nRows) for (let i = 0; i < this.nRows; i++) this.inBag[i] = weight[i] > 0 ? 1 : 0;
      sorter.startTree(m < this.nRows ? this.inBag : null);
    }
    let count = 0;
    let top = 0;
    this.push(top++, 0, m, 0, -1, 0, wRoot, w1Root);
    while (top > 0) {
      top--;
      const start = this.stackStart[top];
      const end = this.stackEnd[top];
      const depth = this.stackDepth[top];
      const parent = this.stackParent[top];
      const nConstants = this.stackConstants[top];
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
      if (!isLeaf && this.findSplit(start, end, weight, w, w1, nConstants, opts, random)) {
        // Partition the node's rows in place: x <= threshold first.
        const col = this.bestFeature * this.nRows;
        const thr = this.bestThreshold;
        let j = end;
        while (pos < j) {
          const s = samples[pos];
          if (this.xCol[col + s] <= thr) {
            wL += weight[s];
            w1L += wy[s];
            pos++;
          } else {
            samples[pos] = samples[--j];
            samples[j] = s;
          }
        }
        const wR = w - wL;
        const improvement = (w / wRoot) * (impurity - (wR / w) * gini(wR, w1 - w1L) - (wL / w) * gini(wL, w1L));
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
      // the children's sorted segments, unless both will be leaves (the tests made at their turn, above)
      if (segmented) {
        const wR = w - wL;
        const w1R = w1 - w1L;
        const leftSplits = depth + 1 < opts.maxDepth && pos - start >= minSplit && gini(wL, w1L) > EPSILON;
        const rightSplits = depth + 1 < opts.maxDepth && end - pos >= minSplit && gini(wR, w1R) > EPSILON;
        if (leftSplits || rightSplits) sorter.splitNode(samples, start, pos, end);
      }
      this.push(top++, pos, end, depth + 1, node, this.nTotalConstants, w - wL, w1 - w1L);
      this.push(top++, start, pos, depth + 1, node, this.nTotalConstants, wL, w1L);
    }
    return nodes.slice(count);
  }

  /** Whether the 'best' splitter's sorter keeps sorted node segments (known after the first 'best' tree). */
  get keepsSortedSegments(): boolean {
    return this.segmented;
  }

  /** The 'best' splitter's sorter, built on the builder's first 'best' tree, segmented or not (`sortMode`). */
  private sorterFor(opts: CartOptions): NodeRowSorter {
    if (this.sorter === null) {
      this.segmented = this.sortMode === 'segmented' || (this.sortMode === 'auto' && 2 * opts.maxFeatures >= this.nFeatures);
      this.sorter = new NodeRowSorter(this.xCol, this.nRows, this.nFeatures, this.segmented);
    }
    return this.sorter;
  }

  private push(at: number, start: number, end: number, depth: number, parent: number, nConstants: number, w: number, w1: number): void {
    this.stackStart[at] = start;
    this.stackEnd[at] = end;
    this.stackDepth[at] = depth;
    this.stackParent[at] = parent;
    this.stackConstants[at] = nConstants;
    this.stackW[at] = w;
    this.stackW1[at] = w1;
  }

  /**
   * Finds the best split of rows samples[start, end) (total weight w, class-1 weight w1)
   * into bestFeature / bestThreshold, and the node's constant-feature count into
   * nTotalConstants; false when no drawn feature gives a valid split.
   * `features` invariant (scikit-learn's): [0, nDrawnConstants) known constants already
   * drawn; [nDrawnConstants, nKnown) known constants not yet drawn; [nKnown, nTotal)
   * constants found here; [nTotal, fI) not yet drawn; [fI, p) drawn, not constant.
   */
  private findSplit(start: number, end: number, weight: Float64Array, w: number, w1: number, nKnown: number, opts: CartOptions, random: TreeRandom): boolean {
    const { samples, xf, xCol, wy, wyAt, weightAt, features } = this;
    // the random splitter gathers the node's weights once, at its first non-constant feature
    let gathered = false;
    const minLeaf = opts.minSamplesLeaf;
    const isRandom = opts.splitter === 'random';
    let sorter: NodeRowSorter | null = null;
    // segmented: each feature's node rows in value order, so its min and max are the segment's ends
    let segment: Int32Array | null = null;
    if (!isRandom) {
      sorter = this.sorterFor(opts);
      sorter.startNode(samples, start, end);
      segment = sorter.segmentRows;
    }
    let best = -Infinity;
    let fI = this.nFeatures;
    let visited = 0;
    let nFound = 0;
    let nDrawnConstants = 0;
    let nTotal = nKnown;
    while (fI > nTotal && (visited < opts.maxFeatures || visited <= nFound + nDrawnConstants)) {
      visited++;
      let fJ = random.int(nDrawnConstants, fI - nFound);
      if (fJ < nKnown) {
        swap(features, nDrawnConstants, fJ);
        nDrawnConstants++;
        continue;
      }
      fJ += nFound;
      const f = features[fJ];
      const col = f * this.nRows;
      let lo = Infinity;
      let hi = -Infinity;
      if (segment !== null) {
        // only compared with each other (never a threshold), so the sign of a zero does not matter
        lo = xCol[col + segment[col + start]];
        hi = xCol[col + segment[col + end - 1]];
      } else {
        for (let i = start; i < end; i++) {
          const v = xCol[col + samples[i]];
          if (isRandom) xf[i] = v; // the 'best' splitter's sorter writes xf in sorted order
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      if (hi <= lo + FEATURE_THRESHOLD) {
        swap(features, fJ, nTotal);
        nFound++;
        nTotal++;
        continue;
      }
      fI--;
      swap(features, fI, fJ);
      if (isRandom) {
        let thr = random.uniform(lo, hi);
        if (thr === hi) thr = lo;
        let nL = 0;
        let wL = 0;
        let w1L = 0;
        if (!this.gatherOncePerNode) {
          for (let i = start; i < end; i++) {
            wyAt[i] = wy[samples[i]];
            weightAt[i] = weight[samples[i]];
          }
        } else if (!gathered) {
          gathered = true;
          for (let i = start; i < end; i++) wyAt[i] = wy[samples[i]];
          if (!this.unitWeights) for (let i = start; i < end; i++) weightAt[i] = weight[samples[i]];
        }
        if (this.unitWeights) {
          // every weight 1: the weight sum is the row count, exactly (integers below 2^53)
          for (let i = start; i < end; i++) {
            const isLeft = xf[i] <= thr ? 1 : 0; // branch-free: the comparison is a coin flip
            nL += isLeft;
            w1L += isLeft * wyAt[i];
          }
          wL = nL;
        } else {
          for (let i = start; i < end; i++) {
            const isLeft = xf[i] <= thr ? 1 : 0;
            nL += isLeft;
            wL += isLeft * weightAt[i];
            w1L += isLeft * wyAt[i];
          }
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
      sorter!.sort(f, samples, xf, start, end);
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
    // Known constants keep their order for siblings and children; newly found ones are appended.
    for (let i = 0; i < nKnown; i++) features[i] = this.constantFeatures[i];
    for (let i = nKnown; i < nTotal; i++) this.constantFeatures[i] = features[i];
    this.nTotalConstants = nTotal;
    return best > -Infinity;
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Gini impurity 1 - (w0^2 + w1^2) / w^2 of a node with weight w and class-1 weight w1 (scikit-learn's form). */
export function gini(w: number, w1: number): number {
  const w0 = w - w1;
  return 1 - (w0 * w0 + w1 * w1) / (w * w);
}

/** scikit-learn's proxy of the Gini decrease: -wR gini(R) - wL gini(L). */
function giniProxy(wL: number, w1L: number, wR: number, w1R: number): number {
  return -wR * gini(wR, w1R) - wL * gini(wL, w1L);
}
