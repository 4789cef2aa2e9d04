import { BoostedTree, BoostedTreeBuilder } from './boosted-tree';
import { nodeValue, ScanNode, scanDense, scanSparse } from './histogram-split-scan';

/** A feature's split scan visits only its touched bins when fewer than a third of its scanned bins are. */
function sparseScan(touched: number, bins: number): boolean {
  return touched * 3 < bins - 1;
}

/** Settings of one histogram tree (scikit-learn's TreeGrower names in comments). */
export interface HistogramTreeLimits {
  /** max_leaf_nodes; Infinity for none. */
  maxLeafNodes: number;
  /** max_depth; Infinity for none. */
  maxDepth: number;
  /** min_samples_leaf. */
  minSamplesLeaf: number;
  /** l2_regularization (lambda). */
  l2: number;
  /** min_hessian_to_split: a child whose hessian sum is below this is not allowed. */
  minHessianToSplit: number;
  /** shrinkage (the learning rate) applied to every leaf value. */
  shrinkage: number;
}

/** The training data as the grower sees it. */
export interface BinnedData {
  rows: number;
  cols: number;
  /** Column-major bin codes: feature j, row i at j * rows + i. */
  bins: Uint8Array;
  /** Per feature, the bin edges; feature j has edges[j].length + 1 bins. */
  edges: readonly Float64Array[];
}

interface SplitInfo {
  gain: number;
  feature: number;
  bin: number;
  countLeft: number;
  gradLeft: number;
  hessLeft: number;
  gradRight: number;
  hessRight: number;
}

interface GrowNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  sumGrad: number;
  sumHess: number;
  value: number;
  /** Index of the node's histogram in the pool, -1 for none. */
  hist: number;
  split: SplitInfo | null;
}

/**
 * A histogram buffer: [grad, hess, count] per (feature, bin), feature j's bins from
 * binOffset[j]. `touched` lists per feature the bins the rows of the node it was summed
 * for fell in (feature j's from binOffset[j] + j, touchedCount[j] of them, then one spare
 * slot: building writes each row's bin one past the list's end without a branch, and the
 * spare keeps that write off the next feature's list, which may be filled in the same pass).
 * `map` marks per feature (from word wordOffset[j]) the touched bins, `live[j]` counts them:
 * every unmarked bin is +0 in all three sums, also after subtractions (the buffer then holds a
 * larger child, whose bins are a subset). The split search visits only marked bins where
 * few are.
 */
interface HistogramBuffer {
  sums: Float64Array;
  touched: Uint8Array;
  touchedCount: Int32Array;
  map: Int32Array;
  live: Int32Array;
}

/**
 * Leaf-wise (best-first) growth of one gradient-boosting tree on binned features, as
 * LightGBM (Ke et al., NeurIPS 2017) and scikit-learn's HistGradientBoosting TreeGrower do.
 *
 * Each node keeps per feature and bin the sums of gradients g, hessians h and the row
 * count. A split at bin b sends bins <= b left and scores
 *   gain = G_L^2 / (H_L + l2) + G_R^2 / (H_R + l2) - G^2 / (H + l2)
 * (XGBoost, Chen & Guestrin 2016, eq. 7 without the 1/2; for the root scikit-learn omits
 * the last term, which changes no choice); a split is allowed only with min_samples_leaf
 * rows and min_hessian_to_split hessian on each side, and only a positive gain counts.
 * The splittable node of largest gain is split next until max_leaf_nodes leaves exist or
 * none is left; children at max_depth, or with fewer than 2 min_samples_leaf rows, are
 * leaves. Only the smaller child's histogram is summed from rows; the larger one's is
 * parent minus smaller (the subtraction trick). A leaf's value is
 * shrinkage * -G / (H + l2); the root, if it is never split, has value 0 (as scikit-learn).
 *
 * The subtraction costs the smaller child's rows, not features x bins: the larger child
 * takes over its parent's buffer and subtracts only the bins the smaller child's rows
 * touched (on every other bin parent - 0 is the parent's value). Every sum and difference
 * is the one a dense histogram computes, so splits and leaf values are the same to the
 * last bit.
 *
 * Buffers are allocated once per booster and reused by every tree.
 */
export class HistogramTreeGrower {
  /** The bins of feature j start at binOffset[j] in a histogram; it has binCount[j]. */
  private readonly binOffset: Int32Array;
  private readonly binCount: Int32Array;
  /** Feature j's bitmap words start at wordOffset[j] in a buffer's map. */
  private readonly wordOffset: Int32Array;
  /** bestSplit's node and winner so far: gain, bin, left count, gradient, hessian. */
  private readonly scanNode: ScanNode;
  private readonly win = new Float64Array(5);
  private readonly partition: Int32Array;
  private readonly scratch: Int32Array;
  private readonly orderedGrad: Float64Array;
  private readonly orderedHess: Float64Array;
  private readonly pool: HistogramBuffer[] = [];
  private readonly freeHists: number[] = [];

  constructor(
    private readonly data: BinnedData,
    private readonly limits: HistogramTreeLimits,
  ) {
    const { rows: n, cols: p } = data;
    this.binCount = Int32Array.from(data.edges, (e) => e.length + 1);
    this.binOffset = new Int32Array(p + 1);
    for (let f = 0; f < p; f++) this.binOffset[f + 1] = this.binOffset[f] + this.binCount[f];
    this.wordOffset = new Int32Array(p + 1);
    for (let f = 0; f < p; f++) this.wordOffset[f + 1] = this.wordOffset[f] + ((this.binCount[f] + 31) >> 5);
    this.scanNode = { count: 0, G: 0, H: 0, lossNode: 0, msl: limits.minSamplesLeaf, minHess: limits.minHessianToSplit, l2: limits.l2 };
    this.partition = new Int32Array(n);
    this.scratch = new Int32Array(n);
    this.orderedGrad = new Float64Array(n);
    this.orderedHess = new Float64Array(n);
  }

  /**
   * Grows one tree on the given gradients and hessians; adds each row's leaf value to
   * raw[row] and returns the tree (leaf values already shrunk).
   */
  grow(grad: Float32Array, hess: Float32Array, raw: Float64Array): BoostedTree {
    const { rows: n } = this.data;
    const lim = this.limits;
    for (let i = 0; i < n; i++) this.partition[i] = i;
    let sumGrad = 0;
    let sumHess = 0;
    for (let i = 0; i < n; i++) {
      sumGrad += grad[i];
      sumHess += hess[i];
    }
    const tree = new BoostedTreeBuilder();
    const root: GrowNode = { id: tree.addNode(0), start: 0, end: n, depth: 0, sumGrad, sumHess, value: 0, hist: -1, split: null };
    const leaves: GrowNode[] = [];
    const splittable: GrowNode[] = [];
    if (n < 2 * lim.minSamplesLeaf || sumHess < lim.minHessianToSplit) leaves.push(root);
    else {
      root.hist = this.buildHistogram(root, grad, hess);
      this.findSplitAndQueue(root, splittable, leaves);
    }
    while (splittable.length > 0) {
      const node = popLargestGain(splittable);
      const s = node.split!;
      const mid = this.splitRows(node, s);
      const depth = node.depth + 1;
      const left: GrowNode = {
        id: tree.addNode(0), start: node.start, end: mid, depth, sumGrad: s.gradLeft, sumHess: s.hessLeft,
        value: nodeValue(s.gradLeft, s.hessLeft, lim.l2), hist: -1, split: null,
      };
      const right: GrowNode = {
        id: tree.addNode(0), start: mid, end: node.end, depth, sumGrad: s.gradRight, sumHess: s.hessRight,
        value: nodeValue(s.gradRight, s.hessRight, lim.l2), hist: -1, split: null,
      };
      tree.setSplit(node.id, s.feature, this.data.edges[s.feature][s.bin], left.id, right.id);
      const leafCount = leaves.length + splittable.length + 2;
      if (leafCount >= lim.maxLeafNodes) {
        this.release(node);
        leaves.push(left, right, ...splittable.splice(0));
        for (const rest of leaves) this.release(rest);
        break;
      }
      if (depth >= lim.maxDepth) {
        this.release(node);
        leaves.push(left, right);
        continue;
      }
      const splitLeft = left.end - left.start >= 2 * lim.minSamplesLeaf;
      const splitRight = right.end - right.start >= 2 * lim.minSamplesLeaf;
      if (splitLeft || splitRight) {
        const [small, large] = left.end - left.start < right.end - right.start ? [left, right] : [right, left];
        small.hist = this.buildHistogram(small, grad, hess);
        large.hist = this.subtractInPlace(node, small.hist);
      }
      this.release(node);
      if (splitLeft) this.findSplitAndQueue(left, splittable, leaves);
      else leaves.push(left);
      if (splitRight) this.findSplitAndQueue(right, splittable, leaves);
      else leaves.push(right);
      if (!splitLeft) this.release(left);
      if (!splitRight) this.release(right);
    }
    for (const leaf of leaves) {
      const v = lim.shrinkage * leaf.value;
      tree.setValue(leaf.id, v);
      for (let k = leaf.start; k < leaf.end; k++) raw[this.partition[k]] += v;
      this.release(leaf);
    }
    return tree.finish();
  }

  /** Finds the node's best split; queues it when the gain is positive, else makes it a leaf. */
  private findSplitAndQueue(node: GrowNode, splittable: GrowNode[], leaves: GrowNode[]): void {
    node.split = this.bestSplit(node);
    if (node.split === null) {
      this.release(node);
      leaves.push(node);
    } else splittable.push(node);
  }

  private bestSplit(node: GrowNode): SplitInfo | null {
    const { cols: p } = this.data;
    const { binOffset, binCount, wordOffset, scanNode, win } = this;
    const { sums, map, live } = this.pool[node.hist];
    const G = node.sumGrad;
    const H = node.sumHess;
    scanNode.count = node.end - node.start;
    scanNode.G = G;
    scanNode.H = H;
    scanNode.lossNode = G * node.value;
    win[0] = 0; // only a positive gain counts
    let feature = -1;
    let bin = 0, countLeft = 0, gradLeft = 0, hessLeft = 0;
    for (let f = 0; f < p; f++) {
      win[1] = -1;
      // Few touched bins (a node summed from few rows): visit only those, same result (see
      // scanSparse); where many are, the dense loop is cheaper per bin.
      if (sparseScan(live[f], binCount[f])) scanSparse(sums, binOffset[f], map, wordOffset[f], binCount[f] - 1, scanNode, win);
      else scanDense(sums, binOffset[f], binCount[f] - 1, scanNode, win); // a split after the last bin sends nothing right
      // Strictly better than the best feature so far (win[0] carries over): ties go to the lower feature index.
      if (win[1] >= 0) {
        feature = f;
        bin = win[1];
        countLeft = win[2];
        gradLeft = win[3];
        hessLeft = win[4];
      }
    }
    if (feature < 0) return null;
    return { gain: win[0], feature, bin, countLeft, gradLeft, hessLeft, gradRight: G - gradLeft, hessRight: H - hessLeft };
  }

  /** Stable partition of the node's rows into bin <= split bin, then the rest; returns the boundary. */
  private splitRows(node: GrowNode, s: SplitInfo): number {
    const { partition, scratch } = this;
    const base = s.feature * this.data.rows;
    const bins = this.data.bins;
    let l = node.start;
    let r = 0;
    for (let k = node.start; k < node.end; k++) {
      const i = partition[k];
      if (bins[base + i] <= s.bin) partition[l++] = i;
      else scratch[r++] = i;
    }
    partition.set(scratch.subarray(0, r), l);
    return l;
  }

  /** The node's histogram summed from its rows (in row order within each bin). */
  private buildHistogram(node: GrowNode, grad: Float32Array, hess: Float32Array): number {
    const h = this.acquire();
    const { sums, touched, touchedCount } = this.pool[h];
    const { rows: n, cols: p, bins } = this.data;
    const { partition, orderedGrad, orderedHess, binOffset } = this;
    const start = node.start;
    const m = node.end - start;
    for (let k = 0; k < m; k++) {
      const i = partition[start + k];
      orderedGrad[k] = grad[i];
      orderedHess[k] = hess[i];
    }
    let f = 0;
    // Four features per pass over the rows, then two, then one: one load of each row's index,
    // gradient and hessian serves them all, and the four bins' updates overlap; the features'
    // bins are disjoint, so every bin still adds its rows in row order.
    for (; f + 3 < p; f += 4) {
      const baseA = f * n;
      const offA = binOffset[f];
      const offB = binOffset[f + 1];
      const offC = binOffset[f + 2];
      const offD = binOffset[f + 3];
      let tA = 0, tB = 0, tC = 0, tD = 0;
      for (let k = 0; k < m; k++) {
        const i = partition[start + k] + baseA;
        const g = orderedGrad[k];
        const hs = orderedHess[k];
        tA = addToBin(sums, touched, offA, offA + f, tA, bins[i], g, hs);
        tB = addToBin(sums, touched, offB, offB + f + 1, tB, bins[i + n], g, hs);
        tC = addToBin(sums, touched, offC, offC + f + 2, tC, bins[i + 2 * n], g, hs);
        tD = addToBin(sums, touched, offD, offD + f + 3, tD, bins[i + 3 * n], g, hs);
      }
      touchedCount[f] = tA;
      touchedCount[f + 1] = tB;
      touchedCount[f + 2] = tC;
      touchedCount[f + 3] = tD;
    }
    for (; f + 1 < p; f += 2) {
      const baseA = f * n;
      const baseB = baseA + n;
      const offA = binOffset[f];
      const offB = binOffset[f + 1];
      const listA = offA + f;
      const listB = offB + f + 1;
      let touchedA = 0;
      let touchedB = 0;
      for (let k = 0; k < m; k++) {
        const i = partition[start + k];
        const g = orderedGrad[k];
        const hs = orderedHess[k];
        touchedA = addToBin(sums, touched, offA, listA, touchedA, bins[baseA + i], g, hs);
        touchedB = addToBin(sums, touched, offB, listB, touchedB, bins[baseB + i], g, hs);
      }
      touchedCount[f] = touchedA;
      touchedCount[f + 1] = touchedB;
    }
    for (; f < p; f++) {
      const base = f * n;
      const off = binOffset[f];
      let nTouched = 0;
      for (let k = 0; k < m; k++) {
        nTouched = addToBin(sums, touched, off, off + f, nTouched, bins[base + partition[start + k]], orderedGrad[k], orderedHess[k]);
      }
      touchedCount[f] = nTouched;
    }
    this.markTouched(h);
    return h;
  }

  /**
   * Counts a freshly summed buffer's touched bins per feature and marks them in its (cleared)
   * bitmap where the split scan will read it (few touched: the rule in bestSplit; a larger
   * child keeps the counts, so it takes the same path).
   */
  private markTouched(h: number): void {
    const { binOffset, binCount, wordOffset } = this;
    const { touched, touchedCount, map, live } = this.pool[h];
    for (let f = 0; f < this.data.cols; f++) {
      live[f] = touchedCount[f];
      if (!sparseScan(touchedCount[f], binCount[f])) continue;
      const list = binOffset[f] + f;
      const wo = wordOffset[f];
      const end = list + touchedCount[f];
      for (let t = list; t < end; t++) {
        const b = touched[t];
        map[wo + (b >> 5)] |= 1 << (b & 31);
      }
    }
  }

  /**
   * The larger child's histogram: the parent's buffer (which the parent no longer needs)
   * minus the smaller child's histogram on the bins that child touched; on every other
   * bin the smaller child is 0 and parent - 0 is the parent's value.
   */
  private subtractInPlace(parent: GrowNode, small: number): number {
    const h = parent.hist;
    parent.hist = -1;
    const out = this.pool[h].sums;
    const { sums: sub, touched, touchedCount } = this.pool[small];
    const { binOffset } = this;
    for (let f = 0; f < this.data.cols; f++) {
      const off = binOffset[f];
      for (let t = off + f; t < off + f + touchedCount[f]; t++) {
        const at = 3 * (off + touched[t]);
        out[at] -= sub[at];
        out[at + 1] -= sub[at + 1];
        out[at + 2] -= sub[at + 2];
      }
    }
    return h;
  }

  /** A zeroed histogram from the pool (fill: a memset beats clearing bin by bin from the lists). */
  private acquire(): number {
    const h = this.freeHists.pop();
    if (h === undefined) {
      const total = this.binOffset[this.data.cols];
      const p = this.data.cols;
      this.pool.push({
        sums: new Float64Array(3 * total), touched: new Uint8Array(total + p), touchedCount: new Int32Array(p),
        map: new Int32Array(this.wordOffset[p]), live: new Int32Array(p),
      });
      return this.pool.length - 1;
    }
    const { sums, map } = this.pool[h];
    sums.fill(0);
    map.fill(0);
    return h;
  }

  private release(node: GrowNode): void {
    if (node.hist >= 0) this.freeHists.push(node.hist);
    node.hist = -1;
  }
}

/**
 * Adds a row (gradient g, hessian h) to bin b of a feature whose bins start at `off` in the
 * histogram and whose touched list (`seen` bins so far) starts at `list`; returns the new
 * number of touched bins.
 */
function addToBin(sums: Float64Array, touched: Uint8Array, off: number, list: number, seen: number, b: number, g: number, h: number): number {
  const at = 3 * (off + b);
  const c = sums[at + 2];
  touched[list + seen] = b; // kept only on the bin's first row (no branch)
  sums[at] += g;
  sums[at + 1] += h;
  sums[at + 2] = c + 1;
  return seen + +(c === 0);
}

/** Removes and returns the node with the largest split gain (the first queued among equals). */
function popLargestGain(nodes: GrowNode[]): GrowNode {
  let best = 0;
  for (let k = 1; k < nodes.length; k++) if (nodes[k].split!.gain > nodes[best].split!.gain) best = k;
  return nodes.splice(best, 1)[0];
}
