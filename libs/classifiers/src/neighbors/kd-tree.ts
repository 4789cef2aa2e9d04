import { nthElement } from './nth-element';
import { simultaneousSort } from './simultaneous-sort';

/**
 * scikit-learn 1.2's `KDTree` (Euclidean, leaf_size 30) as `KNeighborsClassifier(algorithm='auto')` builds and
 * queries it, replayed step by step so that among training rows at equal distance the same ones are returned:
 * - build: n_levels = floor(log2(max(1, (n - 1) / leaf_size))) + 1 levels of a complete binary tree over
 *   idx_array = 0..n-1; a node splits on the feature of largest spread (first such feature), its indices
 *   partitioned at n_points / 2 by libstdc++'s nth_element ordered by (value, row index); node bounds are the
 *   per-feature min and max of its rows (sklearn/neighbors/_binary_tree.pxi _recursive_build, init_node;
 *   _partition_nodes.pyx; _kd_tree.pyx).
 * - query (depth-first, `_query_single_depthfirst`): a node is skipped when its lower bound exceeds the k-th
 *   distance so far; a leaf's rows are tried in idx_array order; of two children the one with the smaller
 *   lower bound first, the left one on a tie; squared distances summed feature by feature in order.
 * - the k best are a max-heap of squared distances filled with +inf (`NeighborsHeap._push`): a candidate
 *   enters only if strictly closer than the root, which it replaces before sifting down, so which of several
 *   equally far rows is evicted is the heap's.
 */
export class KdTree {
  static readonly LEAF_SIZE = 30;
  private readonly idx: Int32Array;
  private readonly nNodes: number;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly leaf: Uint8Array;
  /** Lower bounds then upper bounds, node-major: lo[node * p + j]. */
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;

  constructor(private readonly data: Float64Array, private readonly n: number, private readonly p: number) {
    const levels = Math.floor(Math.log2(Math.max(1, (n - 1) / KdTree.LEAF_SIZE))) + 1;
    this.nNodes = 2 ** levels - 1;
    this.idx = Int32Array.from({ length: n }, (_, i) => i);
    this.start = new Int32Array(this.nNodes);
    this.end = new Int32Array(this.nNodes);
    this.leaf = new Uint8Array(this.nNodes);
    this.lo = new Float64Array(this.nNodes * p);
    this.hi = new Float64Array(this.nNodes * p);
    this.build(0, 0, n);
  }

  private build(node: number, start: number, end: number): void {
    const { data, p, idx } = this;
    this.start[node] = start;
    this.end[node] = end;
    for (let j = 0; j < p; j++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = start; i < end; i++) {
        const v = data[idx[i] * p + j];
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      this.lo[node * p + j] = lo;
      this.hi[node * p + j] = hi;
    }
    if (2 * node + 1 >= this.nNodes || end - start < 2) {
      this.leaf[node] = 1;
      return;
    }
    const nPoints = end - start;
    const dim = this.splitDim(start, end);
    const less = (a: number, b: number) => {
      const va = data[a * p + dim];
      const vb = data[b * p + dim];
      return va === vb ? a < b : va < vb;
    };
    const mid = Math.floor(nPoints / 2);
    nthElement(idx, start, start + mid, end, less);
    this.build(2 * node + 1, start, start + mid);
    this.build(2 * node + 2, start + mid, end);
  }

  /** find_node_split_dim: the first feature of largest max - min over the node's rows. */
  private splitDim(start: number, end: number): number {
    const { data, p, idx } = this;
    let best = 0;
    let bestSpread = 0;
    for (let j = 0; j < p; j++) {
      let max = data[idx[start] * p + j];
      let min = max;
      for (let i = start + 1; i < end; i++) {
        const v = data[idx[i] * p + j];
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
      const spread = max - min;
      if (spread > bestSpread) {
        bestSpread = spread;
        best = j;
      }
    }
    return best;
  }

  /** Squared lower bound of the distance from q to the node's box (min_rdist, p = 2). */
  private minRdist(node: number, q: Float64Array, qo: number): number {
    const { p } = this;
    let r = 0;
    for (let j = 0; j < p; j++) {
      const dLo = this.lo[node * p + j] - q[qo + j];
      const dHi = q[qo + j] - this.hi[node * p + j];
      const d = dLo + Math.abs(dLo) + (dHi + Math.abs(dHi));
      const h = 0.5 * d;
      r += h * h;
    }
    return r;
  }

  /**
   * The k nearest training rows of query row `qo / p` of `q`: their squared distances and row indices in
   * `dist` / `ind` as the heap holds them (root = farthest), not sorted.
   */
  query(q: Float64Array, qo: number, k: number, dist: Float64Array, ind: Int32Array): void {
    dist.fill(Infinity, 0, k);
    ind.fill(0, 0, k);
    this.visit(0, q, qo, k, dist, ind, this.minRdist(0, q, qo));
  }

  /** `KDTree.query(X, k)` as scikit-learn returns it (sort_results=True): the heap of `query`, nearest first, ties in `simultaneousSort`'s order. */
  querySorted(q: Float64Array, qo: number, k: number, dist: Float64Array, ind: Int32Array): void {
    this.query(q, qo, k, dist, ind);
    simultaneousSort(dist, ind, 0, k);
  }

  private visit(node: number, q: Float64Array, qo: number, k: number, dist: Float64Array, ind: Int32Array, bound: number): void {
    if (bound > dist[0]) return;
    const { data, p, idx } = this;
    if (this.leaf[node]) {
      for (let i = this.start[node]; i < this.end[node]; i++) {
        const row = idx[i];
        const to = row * p;
        let d = 0;
        for (let j = 0; j < p; j++) {
          const diff = q[qo + j] - data[to + j];
          d += diff * diff;
        }
        heapPush(dist, ind, k, d, row);
      }
      return;
    }
    const i1 = 2 * node + 1;
    const i2 = i1 + 1;
    const b1 = this.minRdist(i1, q, qo);
    const b2 = this.minRdist(i2, q, qo);
    if (b1 <= b2) {
      this.visit(i1, q, qo, k, dist, ind, b1);
      this.visit(i2, q, qo, k, dist, ind, b2);
    } else {
      this.visit(i2, q, qo, k, dist, ind, b2);
      this.visit(i1, q, qo, k, dist, ind, b1);
    }
  }
}

/** NeighborsHeap._push (sklearn/utils/_heap.pyx heap_push): max-heap of size k, root = farthest. */
function heapPush(values: Float64Array, indices: Int32Array, size: number, val: number, valIdx: number): void {
  if (val >= values[0]) return;
  let i = 0;
  for (;;) {
    const c1 = 2 * i + 1;
    const c2 = c1 + 1;
    let swap: number;
    if (c1 >= size) break;
    else if (c2 >= size) {
      if (values[c1] > val) swap = c1;
      else break;
    } else if (values[c1] >= values[c2]) {
      if (val < values[c1]) swap = c1;
      else break;
    } else if (val < values[c2]) swap = c2;
    else break;
    values[i] = values[swap];
    indices[i] = indices[swap];
    i = swap;
  }
  values[i] = val;
  indices[i] = valIdx;
}
