import { sortPairs } from './sort-pairs';
import { RankTies, sortDistinct, sortRankedRows } from './ranked-row-sort';
import { FULL_NODE_MEMO_ENTRIES, FullNodeMemo, fullNodeMemoFor } from './full-node-sort-memo';
import { NodeSortedSegments } from './node-sorted-segments';
import { DistinctRankRadixSort } from './distinct-rank-radix-sort';

/** Features with more tied rows than this are not memoised (their keys and entries would be long). */
const MEMO_MAX_TIED_ROWS = 64;

/**
 * Sorts a tree node's rows by one feature exactly as scikit-learn's BestSplitter does
 * (`sortPairs`, its introsort, applied to the rows in their current order), with two
 * shortcuts that give the same order, ties included:
 * - when no two of the node's rows have equal values (known per feature when the feature
 *   has no ties at all, else checked on the node's value ranks in O(rows)) there is one
 *   sorted order only, so a node of all n rows takes it from the feature's presorted
 *   rows (O(n), no comparisons);
 * - otherwise the introsort runs on packed rank << rowBits | row keys (`sortRankedRows`),
 *   told which ranks the node's rows share, so that only its parts holding tied rows are
 *   partitioned and the others (one sorted order each) are radix-sorted
 *   (`DistinctRankRadixSort`; insertion sort up to 24 keys); it falls back to
 *   `sortPairs` itself when the rows are too many to pack into 31 bits;
 * - a node holding all n rows, starting in row order (every tree's root when no row is left
 *   out), takes a sort's tied rows' order from `fullNodeMemoFor` when the same sort from the
 *   same order was run before (on this or an earlier sorter of the same data).
 * With `segmented` (the caller reports each tree's bag and every split: `startTree`, `splitNode`)
 * the sorter keeps every node's rows sorted per feature (`NodeSortedSegments`), and a node of any
 * size without ties in the feature copies them in O(rows), as does any tie-free part of the
 * introsort (found by binary search on ranks).
 * Everything is allocated once per fit. Used by CART's 'best' splitter (forests, bagging,
 * AdaBoost, decision tree) and gradient boosting's regression trees (segmented).
 */
export class NodeRowSorter implements RankTies {
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
  /** rankSeen[rank] === rankMark: the rank occurs once among the rows packNode has seen; -rankMark: more than once. */
  private readonly rankSeen: Int32Array;
  /** packNode's tied ranks << rowBits (RankTies for sortRankedRows), `count` of them. */
  readonly ranks: Int32Array;
  count = 0;
  /** Per feature, n + 1 entries: where rank r's rows start in the feature's presorted rows (n past the last rank). */
  private readonly rankStart: Int32Array | null;
  /** The feature being sorted, and whether its node is large (all n rows, or segmented). */
  private feature = 0;
  private largeNode = false;
  private rankMark = 0;
  private readonly n: number;
  /** A node of all n rows: its rows' order before the next sort as a memo key (null: not memoised). */
  private state: string | null = null;
  private memo: FullNodeMemo | null = null;
  /** (position, row) pairs of a sorted node's tied rows, MEMO_MAX_TIED_ROWS at most. */
  private readonly tiedScratch: Int32Array;
  /** Every pending node's rows sorted per feature (null: not kept). */
  private readonly segments: NodeSortedSegments | null;
  /** Per feature f, tiedRows[tiedOffset[f], tiedOffset[f + 1]): the rows whose value another row shares, by value. */
  private readonly tiedRows: Int32Array;
  private readonly tiedOffset: Int32Array;
  /** The node being split: samples[nodeStart, nodeEnd). */
  private nodeStart = 0;
  private nodeEnd = 0;
  /**
   * Where the last sort left the node's rows: sortedRows[sortedBase + k] for k in [start, end). Either
   * `samples` (base 0) or, segmented, the feature's own segment when it had no ties in the node: then
   * the copy into samples waits (`pendingFeature`) until an order-dependent step needs it (`flush`).
   */
  sortedRows: Int32Array;
  sortedBase = 0;
  /** Segmented: the feature whose segment holds the node's current row order, not yet copied to samples (-1: none). */
  private pendingFeature = -1;
  /** Sorts tie-free parts of more than 24 keys (null: n too large to pack). */
  private readonly radix: DistinctRankRadixSort | null;

  /**
   * @param readsByRow segmented only: the caller reads a sort's rows from `sortedRows` / `sortedBase` and their
   * values from xCol, and calls `flush` before it reorders samples (exact gradient boosting); then a tie-free
   * sort may stay in its segment and xf is not written. Otherwise (CART) every sort writes samples and xf.
   */
  constructor(private readonly xCol: Float32Array, n: number, p: number, segmented = false, private readonly readsByRow = false) {
    this.n = n;
    this.rowBits = Math.max(1, Math.ceil(Math.log2(n)));
    const packable = n * 2 ** this.rowBits <= 2 ** 31;
    this.presorted = new Int32Array(n * p);
    this.tied = new Uint8Array(p);
    this.rankCol = packable ? new Int32Array(n * p) : null;
    this.keys = new Int32Array(n);
    this.stamp = new Int32Array(n);
    this.rankSeen = new Int32Array(n);
    this.ranks = new Int32Array(n >> 1);
    this.rankStart = packable ? new Int32Array((n + 1) * p).fill(n) : null;
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
        if (this.rankStart !== null && (k === 0 || rank !== this.rankCol![col + order[k - 1]] >>> this.rowBits)) this.rankStart[j * (n + 1) + rank] = k;
        this.presorted[col + k] = order[k];
      }
      this.tied[j] = rank < n - 1 ? 1 : 0;
    }
    this.tiedScratch = new Int32Array(2 * MEMO_MAX_TIED_ROWS);
    this.tiedOffset = new Int32Array(p + 1);
    const tiedRows: number[] = [];
    for (let j = 0; j < p && this.rankCol !== null; j++) {
      const col = j * n;
      const rankOf = (k: number) => (k < 0 || k >= n ? -1 : this.rankCol![col + this.presorted[col + k]]);
      for (let k = 0; k < n; k++) if (rankOf(k) === rankOf(k - 1) || rankOf(k) === rankOf(k + 1)) tiedRows.push(this.presorted[col + k]);
      this.tiedOffset[j + 1] = tiedRows.length;
    }
    this.tiedRows = Int32Array.from(tiedRows);
    this.segments = segmented ? new NodeSortedSegments(this.presorted, n, p) : null;
    this.sortedRows = this.keys;
    this.radix = packable ? new DistinctRankRadixSort(n, this.rowBits, this.rowBits) : null;
  }

  /** Segmented: per feature f at f * n, every pending node's rows in value order at the node's positions; else null. */
  get segmentRows(): Int32Array | null {
    return this.segments?.rows ?? null;
  }

  /** Segmented: a tree's root holds the rows with inBag[row] = 1 (all when null) in row order. */
  startTree(inBag: Uint8Array | null): void {
    this.segments?.startTree(inBag);
  }

  /** Segmented: node [start, end) was split, samples[start, mid) to the left child; before its children are sorted. */
  splitNode(samples: Int32Array, start: number, mid: number, end: number): void {
    this.segments?.split(samples, start, mid, end);
  }

  /** Marks rows samples[start, end) as the node about to be split. */
  startNode(samples: Int32Array, start: number, end: number): void {
    const stamp = ++this.currentStamp;
    for (let k = start; k < end; k++) this.stamp[samples[k]] = stamp;
    this.nodeStart = start;
    this.nodeEnd = end;
    this.pendingFeature = -1;
    this.state = null;
    if (end - start === this.n) {
      let inOrder = true;
      for (let k = 0; k < this.n && inOrder; k++) inOrder = samples[start + k] === k;
      if (inOrder) this.state = 'rows';
    }
  }

  /**
   * Copies the node's current row order into samples when a sort left it in a segment: before
   * anything that reads samples' order (the next introsort, the caller's partition).
   */
  flush(samples: Int32Array): void {
    const f = this.pendingFeature;
    if (f < 0) return;
    const base = f * this.n;
    samples.set(this.segments!.rows.subarray(base + this.nodeStart, base + this.nodeEnd), this.nodeStart);
    this.pendingFeature = -1;
  }

  /**
   * A node without ties in f: its one sorted order. Segmented and outside the whole-data memo, it stays
   * in f's segment (sortedRows, no copy, xf not written); else takePresorted writes samples and xf.
   */
  private takeSorted(f: number, samples: Int32Array, xf: Float64Array, start: number, end: number): void {
    if (this.segments !== null && this.readsByRow && this.state === null) {
      this.leaveInSegment(this.segments, f);
      return;
    }
    this.takePresorted(f, samples, xf, start, end);
  }

  private leaveInSegment(segments: NodeSortedSegments, f: number): void {
    this.pendingFeature = f;
    this.sortedRows = segments.rows;
    this.sortedBase = f * this.n;
  }

  /** The node's rows in the feature's presorted order (the sorted order when no two of them tie). */
  private takePresorted(f: number, samples: Int32Array, xf: Float64Array, start: number, end: number): void {
    const { xCol, n, presorted, stamp, segments } = this;
    const col = f * n;
    this.pendingFeature = -1;
    if (segments !== null) {
      const rows = segments.rows;
      for (let k = start; k < end; k++) {
        const row = rows[col + k];
        samples[k] = row;
        xf[k] = xCol[col + row];
      }
      return;
    }
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

  /**
   * Fills keys[start, end) with the rows' packed rank | row keys of feature f and
   * tiedRanks[0, count) (returned count, ascending) with the ranks << rowBits that two or more
   * of the rows share.
   */
  private packNode(rankCol: Int32Array, f: number, samples: Int32Array, start: number, end: number): number {
    const { rankSeen, rowBits, keys, ranks } = this;
    const col = f * this.n;
    const mark = ++this.rankMark;
    let count = 0;
    for (let k = start; k < end; k++) {
      const row = samples[k];
      const key = rankCol[col + row];
      keys[k] = key | row;
      const rank = key >>> rowBits;
      const seen = rankSeen[rank];
      if (seen === mark) {
        ranks[count++] = key;
        rankSeen[rank] = -mark;
      } else if (seen !== -mark) rankSeen[rank] = mark;
    }
    if (count > 1) ranks.subarray(0, count).sort();
    this.count = count;
    return count;
  }

  /**
   * packNode's tied ranks from feature f's tie groups and the node's row stamps, in O(tied rows of f):
   * ranks[0, count) (returned count, ascending) the ranks << rowBits that two or more of the node's rows share.
   */
  private nodeTiedRanks(rankCol: Int32Array, f: number): number {
    const { tiedRows, stamp, ranks } = this;
    const col = f * this.n;
    const nodeStamp = this.currentStamp;
    let count = 0;
    let groupRank = -1;
    let inNode = 0;
    for (let i = this.tiedOffset[f]; i < this.tiedOffset[f + 1]; i++) {
      const row = tiedRows[i];
      const rank = rankCol[col + row];
      if (rank !== groupRank) {
        groupRank = rank;
        inNode = 0;
      }
      if (stamp[row] === nodeStamp && ++inNode === 2) ranks[count++] = rank;
    }
    this.count = count;
    return count;
  }

  /**
   * RankTies.sortPart: keys[lo, hi) hold the node's rows whose ranks of the feature being sorted lie
   * strictly between lowRank and highRank, each rank once. In a large node they are taken in O(rows
   * of those ranks) from the presorted rows, else sorted by key (radix sort above 24 keys).
   */
  sortPart(keys: Int32Array, lo: number, hi: number, lowRank: number, highRank: number): void {
    const { rankStart, rankCol } = this;
    if (this.segments !== null && rankCol !== null) {
      this.takeSegmentPart(rankCol, keys, lo, hi, lowRank, highRank);
      return;
    }
    if (hi - lo <= 24 || this.radix === null) {
      sortDistinct(keys, lo, hi);
      return;
    }
    if (!this.largeNode || rankStart === null || rankCol === null) {
      this.radix.sort(keys, lo, hi);
      return;
    }
    const { n, presorted, stamp } = this;
    const col = this.feature * n;
    const starts = this.feature * (n + 1);
    const nodeStamp = this.currentStamp;
    let k = lo;
    for (let i = col + rankStart[starts + lowRank + 1], last = col + rankStart[starts + Math.min(highRank, n)]; i < last; i++) {
      const row = presorted[i];
      if (stamp[row] === nodeStamp) keys[k++] = rankCol[col + row] | row;
    }
    if (k !== hi) throw new Error(`NodeRowSorter: a part of ${hi - lo} rows took ${k - lo} presorted rows`);
  }

  /** sortPart from the node's sorted segment: its rows of ranks in (lowRank, highRank), found by binary search. */
  private takeSegmentPart(rankCol: Int32Array, keys: Int32Array, lo: number, hi: number, lowRank: number, highRank: number): void {
    const rows = this.segments!.rows;
    const col = this.feature * this.n;
    const shift = this.rowBits;
    // first position of rank > lowRank, then first of rank >= highRank
    let a = col + this.nodeStart;
    let b = col + this.nodeEnd;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (rankCol[col + rows[mid]] >>> shift > lowRank) b = mid;
      else a = mid + 1;
    }
    const first = a;
    b = col + this.nodeEnd;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (rankCol[col + rows[mid]] >>> shift >= highRank) b = mid;
      else a = mid + 1;
    }
    if (a - first !== hi - lo) throw new Error(`NodeRowSorter: a part of ${hi - lo} rows took ${a - first} sorted rows`);
    for (let i = first, k = lo; i < a; i++, k++) {
      const row = rows[i];
      keys[k] = rankCol[col + row] | row;
    }
  }

  /**
   * Sorts samples[start, end) by feature f and writes the sorted float32 values to xf[start, end);
   * segmented, the rows may instead be left where `sortedRows` / `sortedBase` say (samples filled by
   * `flush`, xf not written: a segmented caller reads values by row). In a node of all rows whose order is known (the previous feature sorted, its tied rows' order)
   * a sort seen before from the same order takes its tied rows' order from the memo, the others
   * from the presorted rows.
   */
  sort(f: number, samples: Int32Array, xf: Float64Array, start: number, end: number): void {
    this.sortedRows = samples;
    this.sortedBase = 0;
    const state = this.state;
    if (state === null) {
      this.sortNode(f, samples, xf, start, end);
      return;
    }
    if (this.segments !== null && this.readsByRow && this.tied[f] === 0) {
      // no two rows tie in f: one sorted order from any state, nothing to memoise; the next state lists no tied rows
      this.leaveInSegment(this.segments, f);
      this.state = `${f}:`;
      return;
    }
    const memo = (this.memo ??= fullNodeMemoFor(this.xCol, this.n));
    const key = `${state}>${f}`;
    let tied = memo.get(key);
    if (tied === undefined) {
      this.sortNode(f, samples, xf, start, end);
      const found = this.tiedRowsOf(samples, xf, start, end);
      if (found === null) {
        this.state = null;
        return;
      }
      tied = found;
      if (memo.size < FULL_NODE_MEMO_ENTRIES) memo.set(key, tied);
    } else {
      this.takePresorted(f, samples, xf, start, end);
      const { xCol } = this;
      const col = f * this.n;
      for (let q = 0; q < tied.length; q += 2) {
        const row = tied[q + 1];
        samples[start + tied[q]] = row;
        xf[start + tied[q]] = xCol[col + row]; // equal values, but 0 and -0 differ in bits
      }
    }
    let rows = `${f}:`;
    for (let q = 1; q < tied.length; q += 2) rows += `${tied[q]},`;
    this.state = rows;
  }

  /** (position - start, row) pairs of the sorted rows whose value another row shares; null when more than MEMO_MAX_TIED_ROWS. */
  private tiedRowsOf(samples: Int32Array, xf: Float64Array, start: number, end: number): Int32Array | null {
    const scratch = this.tiedScratch;
    let count = 0;
    for (let k = start + 1; k < end; k++) {
      if (xf[k] > xf[k - 1]) continue;
      // a tie: rows k - 1 and k (k - 1 already listed when it ties with k - 2)
      if (count === 0 || scratch[count - 2] !== k - 1 - start) {
        if (count >= scratch.length) return null;
        scratch[count++] = k - 1 - start;
        scratch[count++] = samples[k - 1];
      }
      if (count >= scratch.length) return null;
      scratch[count++] = k - start;
      scratch[count++] = samples[k];
    }
    return scratch.slice(0, count);
  }

  /** `sort` without the memo. */
  private sortNode(f: number, samples: Int32Array, xf: Float64Array, start: number, end: number): void {
    const { xCol, n, rankCol, keys } = this;
    const col = f * n;
    // a node's own sorted rows (segmented) serve at any size
    // else only a node of all n rows scans the presorted rows (O(n)): smaller ones sort packed keys by radix,
    // faster even at 0.6 n rows (a bootstrap's root)
    const large = this.segments !== null || end - start >= n;
    if (large && this.tied[f] === 0) {
      this.takeSorted(f, samples, xf, start, end);
      return;
    }
    if (rankCol !== null) {
      // segmented, few tied rows in the feature: the node's ties from them, then keys packed plainly
      const fromGroups = this.segments !== null && 2 * (this.tiedOffset[f + 1] - this.tiedOffset[f]) <= end - start;
      // the introsort (and packNode's keys) start from the node's current order: in samples
      if (!fromGroups) this.flush(samples);
      const nTied = fromGroups ? this.nodeTiedRanks(rankCol, f) : this.packNode(rankCol, f, samples, start, end);
      if (large && nTied === 0) {
        this.takeSorted(f, samples, xf, start, end);
        return;
      }
      if (fromGroups) {
        this.flush(samples);
        for (let k = start; k < end; k++) {
          const row = samples[k];
          keys[k] = rankCol[col + row] | row;
        }
      }
      this.feature = f;
      this.largeNode = large;
      sortRankedRows(keys, start, end, this.rowBits, this);
      const rowMask = (1 << this.rowBits) - 1;
      if (this.segments !== null && this.readsByRow && this.state === null) {
        // segmented callers read values by row (sortedRows); the whole-data memo still reads xf
        for (let k = start; k < end; k++) samples[k] = keys[k] & rowMask;
        return;
      }
      for (let k = start; k < end; k++) {
        const row = keys[k] & rowMask;
        samples[k] = row;
        xf[k] = xCol[col + row];
      }
    } else {
      this.flush(samples);
      for (let k = start; k < end; k++) xf[k] = xCol[col + samples[k]];
      sortPairs(xf, samples, start, end);
    }
  }
}
