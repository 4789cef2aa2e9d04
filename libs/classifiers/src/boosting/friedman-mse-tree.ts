import { Rng } from '@radsweep/core';
import { BoostedTreeBuilder } from './boosted-tree';
import { PresortedColumns } from './presorted-columns';

/** Growth limits of one regression tree (scikit-learn's DecisionTreeRegressor names in comments). */
export interface RegressionTreeLimits {
  /** max_depth; Infinity for none. */
  maxDepth: number;
  /** min_samples_split (raised to 2 * min_samples_leaf, as scikit-learn does). */
  minSamplesSplit: number;
  /** min_samples_leaf. */
  minSamplesLeaf: number;
  /** Features drawn per node (max_features as a count); >= cols means all, in index order. */
  maxFeatures: number;
}

/** scikit-learn's FEATURE_THRESHOLD: values closer than this are treated as equal. */
const FEATURE_THRESHOLD = 1e-7;
/** scikit-learn's EPSILON: a node with impurity at or below this is a leaf. */
const IMPURITY_EPSILON = 2 ** -52;

/**
 * Depth-first least-squares regression tree with scikit-learn's `friedman_mse`
 * criterion (Friedman 2001, eq. 35): a split of a node into L and R (n_L, n_R rows,
 * target sums S_L, S_R) scores (n_R S_L - n_L S_R)^2 / (n_L n_R), which orders splits
 * as Friedman's improvement n_L n_R / n (mean_L - mean_R)^2 does. Split thresholds are
 * midpoints of consecutive distinct float32 values, ties between splits go to the
 * first found (features in index order when all are used; scikit-learn visits them in
 * a random order). Rows are kept, per feature, in presorted order and partitioned
 * stably at each split, so a node costs O(rows in node x features) and nothing is
 * re-sorted. Leaf values are left at 0 for the caller (gradient boosting's Newton step).
 */
export class FriedmanMseTreeFitter {
  private readonly order: Int32Array;
  private readonly goLeft: Uint8Array;
  private readonly scratch: Int32Array;
  private readonly features: Int32Array;
  /** Node index of the leaf each in-bag row ended in (-1 for rows out of the bag). */
  readonly leafOfRow: Int32Array;

  constructor(
    private readonly x: PresortedColumns,
    private readonly limits: RegressionTreeLimits,
  ) {
    const n = x.rows;
    this.order = new Int32Array(n * x.cols);
    this.goLeft = new Uint8Array(n);
    this.scratch = new Int32Array(n);
    this.features = new Int32Array(x.cols);
    this.leafOfRow = new Int32Array(n);
  }

  /**
   * Fits the tree to `target` on the rows with inBag[i] = 1 (all rows when inBag is
   * null). `rng` draws the features of each node when maxFeatures < cols.
   */
  fit(target: Float64Array, inBag: Uint8Array | null, rng: Rng): BoostedTreeBuilder {
    const { rows: n, cols: p } = this.x;
    let m = n;
    for (let j = 0; j < p; j++) {
      const src = this.x.sorted.subarray(j * n, (j + 1) * n);
      const dst = j * n;
      if (inBag === null) this.order.set(src, dst);
      else {
        m = 0;
        for (let k = 0; k < n; k++) if (inBag[src[k]]) this.order[dst + m++] = src[k];
      }
    }
    this.leafOfRow.fill(-1);
    const tree = new BoostedTreeBuilder();
    // Stack of pending nodes: [node, start, end, depth, feature whose segment is partitioned]
    const stack: number[][] = [[tree.addNode(0), 0, m, 0, 0]];
    const minSplit = Math.max(this.limits.minSamplesSplit, 2 * this.limits.minSamplesLeaf);
    while (stack.length > 0) {
      const [node, start, end, depth, valid] = stack.pop()!;
      const count = end - start;
      const split = depth >= this.limits.maxDepth || count < minSplit ? null : this.bestSplit(target, start, end, rng);
      if (split === null) {
        const seg = valid * n;
        for (let k = start; k < end; k++) this.leafOfRow[this.order[seg + k]] = node;
        continue;
      }
      const { feature, pos, threshold } = split;
      const left = tree.addNode(0);
      const right = tree.addNode(0);
      tree.setSplit(node, feature, threshold, left, right);
      const childCanSplit = depth + 1 < this.limits.maxDepth && Math.max(pos - start, end - pos) >= minSplit;
      if (childCanSplit) this.partition(feature, start, pos, end);
      // The split feature's segment is partitioned either way; the others only when a child may split.
      stack.push([right, pos, end, depth + 1, feature]);
      stack.push([left, start, pos, depth + 1, feature]);
    }
    return tree;
  }

  /** Best (feature, position, threshold) for rows order[start..end) of each feature, or null. */
  private bestSplit(target: Float64Array, start: number, end: number, rng: Rng): { feature: number; pos: number; threshold: number } | null {
    const { rows: n, cols: p, colMajor } = this.x;
    const order = this.order;
    const count = end - start;
    let sum = 0;
    let sumSq = 0;
    for (let k = start; k < end; k++) {
      const t = target[order[k]];
      sum += t;
      sumSq += t * t;
    }
    const mean = sum / count;
    if (sumSq / count - mean * mean <= IMPURITY_EPSILON) return null;

    const msl = this.limits.minSamplesLeaf;
    const drawAll = this.limits.maxFeatures >= p;
    const features = this.features;
    for (let j = 0; j < p; j++) features[j] = j;
    let best = -Infinity;
    let bestFeature = -1;
    let bestPos = -1;
    let bestThreshold = 0;
    let evaluated = 0;
    for (let d = 0; d < p && evaluated < this.limits.maxFeatures; d++) {
      if (!drawAll) {
        const r = d + rng.int(p - d);
        const t = features[d];
        features[d] = features[r];
        features[r] = t;
      }
      const f = features[d];
      const seg = f * n;
      const col = f * n;
      if (colMajor[col + order[seg + end - 1]] <= colMajor[col + order[seg + start]] + FEATURE_THRESHOLD) continue;
      evaluated++;
      let sumLeft = 0;
      let xPrev = colMajor[col + order[seg + start]];
      for (let k = start; k < end - 1; k++) {
        sumLeft += target[order[seg + k]];
        const xNext = colMajor[col + order[seg + k + 1]];
        const xCur = xPrev;
        xPrev = xNext;
        if (xNext <= xCur + FEATURE_THRESHOLD) continue;
        const nLeft = k + 1 - start;
        const nRight = count - nLeft;
        if (nLeft < msl || nRight < msl) continue;
        const diff = nRight * sumLeft - nLeft * (sum - sumLeft);
        const proxy = (diff * diff) / (nLeft * nRight);
        if (proxy > best) {
          best = proxy;
          bestFeature = f;
          bestPos = k + 1;
          let thr = xCur / 2 + xNext / 2;
          if (thr === xNext || !Number.isFinite(thr)) thr = xCur;
          bestThreshold = thr;
        }
      }
    }
    return bestFeature < 0 ? null : { feature: bestFeature, pos: bestPos, threshold: bestThreshold };
  }

  /** Stable partition of every feature's segment [start, end) into the rows of `feature`'s [start, pos), then the rest. */
  private partition(feature: number, start: number, pos: number, end: number): void {
    const { rows: n, cols: p } = this.x;
    const { order, goLeft, scratch } = this;
    const seg0 = feature * n;
    for (let k = start; k < end; k++) goLeft[order[seg0 + k]] = k < pos ? 1 : 0;
    for (let f = 0; f < p; f++) {
      if (f === feature) continue;
      const seg = f * n;
      let l = seg + start;
      let r = 0;
      for (let k = seg + start; k < seg + end; k++) {
        const i = order[k];
        if (goLeft[i]) order[l++] = i;
        else scratch[r++] = i;
      }
      order.set(scratch.subarray(0, r), l);
    }
  }
}
