import { Matrix } from '@radsweep/core';
import { TreeRandom } from '../trees/tree-random';
import { BoostedTreeBuilder } from './boosted-tree';
import { NodeRowSorter } from '../trees/node-row-sorter';
import { SplitFeatureSampler } from './split-feature-sampler';

/** Growth limits of one regression tree (scikit-learn's DecisionTreeRegressor names in comments). */
export interface RegressionTreeLimits {
  /** max_depth; Infinity for none. */
  maxDepth: number;
  /** min_samples_split (raised to 2 * min_samples_leaf, as scikit-learn does). */
  minSamplesSplit: number;
  /** min_samples_leaf. */
  minSamplesLeaf: number;
  /** Features visited per node at least (max_features as a count, 1..cols). */
  maxFeatures: number;
}

/** scikit-learn's FEATURE_THRESHOLD: values closer than this are treated as equal. */
const FEATURE_THRESHOLD = 1e-7;
/** scikit-learn's EPSILON: a node with impurity at or below this is a leaf. */
const IMPURITY_EPSILON = 2 ** -52;

/**
 * Depth-first least-squares regression tree with scikit-learn's `friedman_mse`
 * criterion (Friedman 2001, eq. 35), replaying scikit-learn 1.2's DepthFirstTreeBuilder,
 * BestSplitter and FriedmanMSE (sklearn/tree/_tree.pyx, _splitter.pyx, _criterion.pyx)
 * operation for operation, so that equal-score splits fall the same way:
 * - features are float32, thresholds midpoints of consecutive float32 values > 1e-7 apart;
 * - at each node features are drawn without replacement with `TreeRandom` (the tree's
 *   rand_r stream) by `SplitFeatureSampler`, constant features remembered for
 *   descendants; the first feature drawn wins a tie (`proxy > best` strictly);
 * - a node's rows are re-sorted per visited feature with scikit-learn's introsort, and the
 *   left sum S_L is updated from the previous candidate position forward, or from the node
 *   total backward when fewer rows are left (RegressionCriterion.update);
 * - a split into L and R (n_L, n_R rows, S_R = S - S_L) scores
 *   (n_R S_L - n_L S_R)^2 / (n_L n_R), Friedman's improvement n_L n_R / n (mean_L - mean_R)^2
 *   up to the node constant;
 * - child impurities (for the 2^-52 pure-node test) are sum(y^2)/n - (sum(y)/n)^2 with the
 *   right side's sums taken as total minus left, as scikit-learn's children_impurity.
 * Rows are all sample weight 1 (gradient boosting's weights; out-of-bag rows are left out).
 * Leaf values are left at 0 for the caller (gradient boosting's Newton step).
 */
export class FriedmanMseTreeFitter {
  /** Features as float32, column-major: feature j, row i at j * rows + i. */
  private readonly xCol: Float32Array;
  private readonly samples: Int32Array;
  private readonly xf: Float64Array;
  private readonly sorter: NodeRowSorter;
  private readonly sampler: SplitFeatureSampler;
  private target: Float64Array = new Float64Array(0);
  // Criterion state of the node being split (scikit-learn's RegressionCriterion fields).
  private sumTotal = 0;
  private sqSumTotal = 0;
  // Result of the last findSplit call.
  private bestFeature = -1;
  private bestPos = 0;
  private bestThreshold = 0;
  private impurityLeft = 0;
  private impurityRight = 0;
  private nTotalConstants = 0;
  /** Node index of the leaf each in-bag row ended in (-1 for rows out of the bag). */
  readonly leafOfRow: Int32Array;
  readonly rows: number;
  readonly cols: number;

  constructor(
    x: Matrix,
    private readonly limits: RegressionTreeLimits,
  ) {
    const { rows: n, cols: p } = x;
    this.rows = n;
    this.cols = p;
    this.xCol = new Float32Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) this.xCol[j * n + i] = x.data[i * p + j];
    this.samples = new Int32Array(n);
    this.xf = new Float64Array(n);
    // Sorted segments pay their upkeep (all p features partitioned per split) when most features are visited.
    this.sorter = new NodeRowSorter(this.xCol, n, p, 2 * limits.maxFeatures >= p, true);
    this.sampler = new SplitFeatureSampler(p);
    this.leafOfRow = new Int32Array(n);
  }

  /**
   * Fits the tree to `target` on the rows with inBag[i] = 1 (all rows when inBag is
   * null), drawing features from `random` (a fresh stream per tree, as scikit-learn seeds
   * each tree's splitter).
   */
  fit(target: Float64Array, inBag: Uint8Array | null, random: TreeRandom): BoostedTreeBuilder {
    const samples = this.samples;
    this.target = target;
    this.sampler.startTree(random, this.limits.maxFeatures);
    let m = 0;
    for (let i = 0; i < this.rows; i++) if (inBag === null || inBag[i]) samples[m++] = i;
    this.leafOfRow.fill(-1);
    this.sorter.startTree(inBag);
    const tree = new BoostedTreeBuilder();
    const minSplit = Math.max(this.limits.minSamplesSplit, 2 * this.limits.minSamplesLeaf);
    // Pending nodes: [node, start, end, depth, known constant features, impurity]; NaN impurity = compute.
    const stack: number[][] = [[tree.addNode(0), 0, m, 0, 0, NaN]];
    while (stack.length > 0) {
      const [node, start, end, depth, nConstants, parentImpurity] = stack.pop()!;
      this.resetNode(start, end);
      const count = end - start;
      const impurity = Number.isNaN(parentImpurity) ? this.sqSumTotal / count - (this.sumTotal / count) ** 2 : parentImpurity;
      const canSplit = depth < this.limits.maxDepth && count >= minSplit && impurity > IMPURITY_EPSILON;
      if (!canSplit || !this.findSplit(start, end, nConstants)) {
        for (let k = start; k < end; k++) this.leafOfRow[samples[k]] = node;
        continue;
      }
      const left = tree.addNode(0);
      const right = tree.addNode(0);
      tree.setSplit(node, this.bestFeature, this.bestThreshold, left, right);
      if (depth + 1 < this.limits.maxDepth) this.sorter.splitNode(samples, start, this.bestPos, end);
      stack.push([right, this.bestPos, end, depth + 1, this.nTotalConstants, this.impurityRight]);
      stack.push([left, start, this.bestPos, depth + 1, this.nTotalConstants, this.impurityLeft]);
    }
    return tree;
  }

  /** criterion.init: the node's target sum and sum of squares, in the rows' current order. */
  private resetNode(start: number, end: number): void {
    let sum = 0;
    let sq = 0;
    for (let k = start; k < end; k++) {
      const t = this.target[this.samples[k]];
      sum += t;
      sq += t * t;
    }
    this.sumTotal = sum;
    this.sqSumTotal = sq;
  }

  /**
   * Finds the best split of rows samples[start, end) into bestFeature / bestPos /
   * bestThreshold, partitions the rows at it and sets the children's impurities; the
   * node's constant-feature count goes to nTotalConstants. False when no visited
   * feature splits.
   */
  private findSplit(start: number, end: number, nKnown: number): boolean {
    const { samples, xf, sampler, sorter } = this;
    const count = end - start;
    let best = -Infinity;
    sampler.startNode(nKnown);
    sorter.startNode(samples, start, end);
    const xCol = this.xCol;
    for (let f = sampler.next(); f >= 0; f = sampler.next()) {
      sorter.sort(f, samples, xf, start, end);
      // the sorted rows are in sorter.sortedRows (samples or f's segment); values read from xCol, as xf holds them
      const rows = sorter.sortedRows;
      const base = sorter.sortedBase;
      const col = f * this.rows;
      if (xCol[col + rows[base + end - 1]] <= xCol[col + rows[base + start]] + FEATURE_THRESHOLD) {
        sampler.markConstant();
        continue;
      }
      sampler.markVarying();
      best = this.scanFeature(f, rows, base, start, end, best);
    }
    this.nTotalConstants = sampler.finishNode();
    if (best === -Infinity) return false;
    // the partition starts from the last sort's order
    sorter.flush(samples);
    this.partition(start, end);
    this.setChildImpurities(start, end, count);
    return true;
  }

  /**
   * Scans the splits of feature f (the node's rows sorted at rows[base + start, base + end)) and returns the
   * best proxy, `best` unless one beats it (then recorded as bestFeature / bestPos / bestThreshold).
   * The candidates are the positions p with xf[p] more than FEATURE_THRESHOLD above xf[p - 1] and
   * minSamplesLeaf rows on either side, in increasing order, as BestSplitter visits them.
   */
  private scanFeature(f: number, rows: Int32Array, base: number, start: number, end: number, best: number): number {
    const { xCol, target, sumTotal } = this;
    const col = f * this.rows;
    const minLeaf = this.limits.minSamplesLeaf;
    const first = start + Math.max(1, minLeaf);
    const last = end - minLeaf;
    let critPos = start;
    let sumLeft = 0;
    let previous = xCol[col + rows[base + first - 1]];
    for (let p = first; p <= last; p++) {
      const value = xCol[col + rows[base + p]];
      if (value <= previous + FEATURE_THRESHOLD) {
        previous = value;
        continue;
      }
      sumLeft = leftSumAt(target, rows, base + critPos, sumLeft, sumTotal, base + p, base + end);
      critPos = p;
      const nLeft = p - start;
      const nRight = end - p;
      const diff = nRight * sumLeft - nLeft * (sumTotal - sumLeft);
      const proxy = (diff * diff) / (nLeft * nRight);
      if (proxy > best) {
        best = proxy;
        this.bestFeature = f;
        this.bestPos = p;
        let thr = previous / 2 + value / 2;
        if (thr === value || !Number.isFinite(thr)) thr = previous;
        this.bestThreshold = thr;
      }
      previous = value;
    }
    return best;
  }

  /** scikit-learn's in-place partition: rows with x <= threshold to the front, the others swapped to the back. */
  private partition(start: number, end: number): void {
    const { samples, xCol } = this;
    const col = this.bestFeature * this.rows;
    let p = start;
    let partitionEnd = end;
    while (p < partitionEnd) {
      if (xCol[col + samples[p]] <= this.bestThreshold) p++;
      else swap(samples, p, --partitionEnd);
    }
  }

  /** children_impurity after criterion.reset(); update(bestPos) on the partitioned rows. */
  private setChildImpurities(start: number, end: number, count: number): void {
    const { samples, target } = this;
    const sumLeft = leftSumAt(target, samples, start, 0, this.sumTotal, this.bestPos, end);
    let sqLeft = 0;
    for (let k = start; k < this.bestPos; k++) {
      const t = target[samples[k]];
      sqLeft += t * t;
    }
    const nLeft = this.bestPos - start;
    const nRight = count - nLeft;
    const sumRight = this.sumTotal - sumLeft;
    this.impurityLeft = sqLeft / nLeft - (sumLeft / nLeft) ** 2;
    this.impurityRight = (this.sqSumTotal - sqLeft) / nRight - (sumRight / nRight) ** 2;
  }
}

/**
 * criterion.update(newPos) from position critPos with left sum sumLeft: rows [start, newPos)
 * on the left (positions into `samples`, which may be any array of sorted rows). Adds rows forward from critPos, or restarts from the node total and subtracts
 * rows backward from end when that touches fewer rows (the same additions as scikit-learn).
 */
function leftSumAt(
  target: Float64Array,
  samples: Int32Array,
  critPos: number,
  sumLeft: number,
  sumTotal: number,
  newPos: number,
  end: number,
): number {
  if (newPos - critPos <= end - newPos) {
    for (let k = critPos; k < newPos; k++) sumLeft += target[samples[k]];
    return sumLeft;
  }
  let sum = sumTotal;
  for (let k = end - 1; k >= newPos; k--) sum -= target[samples[k]];
  return sum;
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
