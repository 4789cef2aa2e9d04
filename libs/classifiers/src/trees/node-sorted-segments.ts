/**
 * Per feature, the rows of every pending node of one tree in increasing value order, each node's
 * rows at the node's own positions [start, end) of the splitter's samples array. The root takes each
 * feature's presorted rows (those in the bag), and a split partitions each feature's segment stably
 * into its children's (O(rows) per feature, no comparisons), as scikit-learn < 0.24's presorting
 * splitter kept its X_idx_sorted. Rows of equal value are in no particular order, so a segment is a
 * node's sorted order only where its values are distinct; `NodeRowSorter` uses it there alone.
 * Worth its upkeep when most features are visited at every node (all p partitioned per split).
 */
export class NodeSortedSegments {
  /** Feature f's segments at f * n: positions [start, end) hold node [start, end)'s rows by value. */
  readonly rows: Int32Array;
  /** 1 for the rows of the left child of the split being applied. */
  private readonly goesLeft: Uint8Array;
  /** The right child's rows of one feature while its segment is partitioned. */
  private readonly scratch: Int32Array;

  constructor(
    private readonly presorted: Int32Array,
    private readonly n: number,
    private readonly p: number,
  ) {
    this.rows = new Int32Array(n * p);
    this.goesLeft = new Uint8Array(n);
    this.scratch = new Int32Array(n);
  }

  /** The root of a tree on the rows with inBag[row] = 1 (all rows when null), in row order at positions [0, m). */
  startTree(inBag: Uint8Array | null): void {
    const { rows, presorted, n, p } = this;
    if (inBag === null) {
      rows.set(presorted);
      return;
    }
    for (let f = 0; f < p; f++) {
      let k = f * n;
      for (let i = f * n; i < (f + 1) * n; i++) {
        const row = presorted[i];
        rows[k] = row;
        k += inBag[row];
      }
    }
  }

  /** Node [start, end) was split: samples[start, mid) went left, samples[mid, end) right. */
  split(samples: Int32Array, start: number, mid: number, end: number): void {
    const { rows, goesLeft, scratch, n, p } = this;
    for (let k = start; k < mid; k++) goesLeft[samples[k]] = 1;
    for (let k = mid; k < end; k++) goesLeft[samples[k]] = 0;
    for (let f = 0; f < p; f++) {
      const base = f * n;
      // Branch-free stable partition: left rows compacted in place, right rows through scratch.
      let l = base + start;
      let r = 0;
      for (let k = base + start; k < base + end; k++) {
        const row = rows[k];
        const left = goesLeft[row];
        rows[l] = row;
        scratch[r] = row;
        l += left;
        r += 1 - left;
      }
      for (let q = 0; q < r; q++) rows[l + q] = scratch[q];
    }
  }
}
