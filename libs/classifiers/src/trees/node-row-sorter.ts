import { sortPairs } from './sort-pairs';
import { sortRankedRows } from './ranked-row-sort';

/**
 * Sorts a tree node's rows by one feature exactly as scikit-learn's BestSplitter does
 * (`sortPairs`, its introsort, applied to the rows in their current order), with two
 * shortcuts that give the same order, ties included:
 * - when no two of the node's rows have equal values (known per feature when the feature
 *   has no ties at all, else checked on the node's value ranks in O(rows)) there is one
 *   sorted order only, so a large node (>= n/8 rows) takes it from the feature's presorted
 *   rows, keeping those in the node (O(n), no comparisons);
 * - otherwise the introsort runs on packed rank << rowBits | row keys (`sortRankedRows`),
 *   falling back to `sortPairs` itself when the rows are too many to pack into 31 bits.
 * Everything is allocated once per fit. Used by CART's 'best' splitter (forests, bagging,
 * AdaBoost, decision tree) and gradient boosting's regression trees.
 */
export class NodeRowSorter {
  /** Per feature, column-major: the rows in increasing value order. */
  private readonly presorted: Int32Array;
  /** 1 for features with two rows of equal value. */
  private readonly tied: Uint8Array;
  /** Per feature, column-major: the row's rank among the feature's distinct values << rowBits (null: n too large). */
  private readonly rankCol: Int32Array | null;
  private readonly keys: Int32Array;
  private readonly rowBits: number;
  /** stamp[row] === node stamp for the rows of the node being split. */
  private readonly stamp: Int32Array;
  private currentStamp = 0;
  /** rankSeen[rank] === rankMark: the rank occurs among the rows checked by distinctInNode. */
  private readonly rankSeen: Int32Array;
  private rankMark = 0;
  private readonly n: number;

  constructor(private readonly xCol: Float32Array, n: number, p: number) {
    this.n = n;
    this.rowBits = Math.max(1, Math.ceil(Math.log2(n)));
    const packable = n * 2 ** this.rowBits <= 2 ** 31;
    this.presorted = new Int32Array(n * p);
    this.tied = new Uint8Array(p);
    this.rankCol = packable ? new Int32Array(n * p) : null;
    this.keys = new Int32Array(n);
    this.stamp = new Int32Array(n);
    this.rankSeen = new Int32Array(n);
    const order = new Int32Array(n);
    const values = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      const col = j * n;
      for (let i = 0; i < n; i++) {
        order[i] = i;
        values[i] = xCol[col + i];
      }
      // Any order of equal values will do: presorted rows are used only for nodes without ties.
      sortPairs(values, order, 0, n);
      let rank = 0;
      for (let k = 0; k < n; k++) {
        // Strict float comparison: equal values (-0 and 0 too) share a rank.
        if (k > 0 && xCol[col + order[k]] > xCol[col + order[k - 1]]) rank++;
        if (this.rankCol !== null) this.rankCol[col + order[k]] = rank << this.rowBits;
        this.presorted[col + k] = order[k];
      }
      this.tied[j] = rank < n - 1 ? 1 : 0;
    }
  }

  /** Marks rows samples[start, end) as the node about to be split. */
  startNode(samples: Int32Array, start: number, end: number): void {
    const stamp = ++this.currentStamp;
    for (let k = start; k < end; k++) this.stamp[samples[k]] = stamp;
  }

  /** The node's rows in the feature's presorted order (the sorted order when no two of them tie). */
  private takePresorted(f: number, samples: Int32Array, xf: Float64Array, start: number): void {
    const { xCol, n, presorted, stamp } = this;
    const col = f * n;
    const nodeStamp = this.currentStamp;
    let k = start;
    for (let i = col; i < col + n; i++) {
      const row = presorted[i];
      if (stamp[row] === nodeStamp) {
        samples[k] = row;
        xf[k++] = xCol[col + row];
      }
    }
  }

  /** True when no two of the rows samples[start, end) have equal values of feature f (needs rankCol). */
  private distinctInNode(rankCol: Int32Array, f: number, samples: Int32Array, start: number, end: number): boolean {
    const { rankSeen, rowBits } = this;
    const col = f * this.n;
    const mark = ++this.rankMark;
    for (let k = start; k < end; k++) {
      const rank = rankCol[col + samples[k]] >>> rowBits;
      if (rankSeen[rank] === mark) return false;
      rankSeen[rank] = mark;
    }
    return true;
  }

  /** Sorts samples[start, end) by feature f and writes the sorted float32 values to xf[start, end). */
  sort(f: number, samples: Int32Array, xf: Float64Array, start: number, end: number): void {
    const { xCol, n, rankCol, keys } = this;
    const col = f * n;
    const count = end - start;
    const large = count * 8 >= n;
    if (large && (this.tied[f] === 0 || (rankCol !== null && this.distinctInNode(rankCol, f, samples, start, end)))) {
      this.takePresorted(f, samples, xf, start);
      return;
    }
    if (rankCol !== null) {
      for (let k = start; k < end; k++) keys[k] = rankCol[col + samples[k]] | samples[k];
      sortRankedRows(keys, start, end, this.rowBits);
      const rowMask = (1 << this.rowBits) - 1;
      for (let k = start; k < end; k++) {
        const row = keys[k] & rowMask;
        samples[k] = row;
        xf[k] = xCol[col + row];
      }
    } else {
      for (let k = start; k < end; k++) xf[k] = xCol[col + samples[k]];
      sortPairs(xf, samples, start, end);
    }
  }
}
