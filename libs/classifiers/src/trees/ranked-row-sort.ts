/**
 * `sortPairs` (sort-pairs.ts, scikit-learn's splitter introsort) replayed on packed
 * keys key = rank << shift | row, where rank is the row's value rank within its feature (equal
 * values share a rank, so rank comparisons are the value comparisons). Every comparison is made
 * on ranks only (never on the row bits), with the same pivots, partitions and heapsort, so rows
 * come out in exactly the order `sortPairs` gives them, ties included, while
 * each move touches one Int32 instead of a value and an index. Needs nDistinct << shift <= 2^31.
 *
 * With `ties` (optional): the introsort's part [lo, hi) holds exactly the keys whose ranks lie
 * strictly between the pivots above it, so when no tied rank lies there its ranks are distinct and a
 * sorted order is the only one: any sort gives the introsort's result, and such a part is handed to
 * `ties.sortPart` (a faster sort). Parts with ties are partitioned as before, so their rows keep the
 * introsort's order.
 */
export function sortRankedRows(keys: Int32Array, start: number, end: number, shift: number, ties?: RankTies): void {
  const n = end - start;
  if (n < 2) return;
  const rankMask = ~((1 << shift) - 1);
  introsort(keys, start, end, 2 * Math.floor(Math.log2(n)), rankMask, shift, ties ?? null, 0, ties?.count ?? 0, -1, 2 ** 31);
}

/** What `sortRankedRows` knows of the keys' ties, and how it sorts a part without any. */
export interface RankTies {
  /** Ascending in [0, count): every rank << shift that two or more of the keys share (others may be listed too). */
  readonly ranks: Int32Array;
  readonly count: number;
  /** Sorts keys[lo, hi), whose ranks are distinct and are exactly the keys' ranks r with lowRank < r < highRank. */
  sortPart(keys: Int32Array, lo: number, hi: number, lowRank: number, highRank: number): void;
}

/** Sorts keys[lo, hi) whose ranks are all distinct (so by key): insertion sort when short, else the engine's typed-array sort. */
export function sortDistinct(v: Int32Array, lo: number, hi: number): void {
  if (hi - lo > 24) {
    v.subarray(lo, hi).sort();
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const x = v[i];
    let j = i - 1;
    while (j >= lo && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

/** First index k in [from, to) with tied[k] >= value (tied ascending), else to. */
function lowerBound(tied: Int32Array, from: number, to: number, value: number): number {
  while (from < to) {
    const mid = (from + to) >> 1;
    if (tied[mid] < value) from = mid + 1;
    else to = mid;
  }
  return from;
}

/**
 * The introsort of the part [lo, hi) whose ranks lie strictly between lowRank and highRank;
 * ties.ranks[tLo, tHi) are the tied ranks there, and a part without any goes to ties.sortPart
 * (ties null: ties anywhere, every part is partitioned).
 */
function introsort(
  v: Int32Array, lo: number, hi: number, maxDepth: number, rankMask: number, shift: number,
  ties: RankTies | null, tLo: number, tHi: number, lowRank: number, highRank: number,
): void {
  const step = 1 << shift;
  while (hi - lo > 1) {
    if (ties !== null && tLo === tHi) {
      ties.sortPart(v, lo, hi, lowRank, highRank);
      return;
    }
    if (maxDepth-- <= 0) {
      heapsort(v, lo, hi, rankMask);
      return;
    }
    // Pivot as rank << shift: x < pivot iff key < pivotLow; x > pivot iff key >= pivotLow + step.
    const pivotLow = median3(v[lo] & rankMask, v[lo + ((hi - lo) >> 1)] & rankMask, v[hi - 1] & rankMask);
    const pivotHigh = pivotLow + step;
    // Tied ranks below the pivot go with the left part, those above it with the right part.
    let below = 0;
    let above = 0;
    if (ties !== null) {
      below = lowerBound(ties.ranks, tLo, tHi, pivotLow);
      above = below < tHi && ties.ranks[below] === pivotLow ? below + 1 : below;
    }
    let l: number;
    let r: number;
    if (ties !== null && above === below) {
      // the pivot's rank is not tied: one key holds it, so the two-way partition gives the same order
      l = partitionUniquePivot(v, lo, hi, pivotLow, pivotHigh);
      r = l + 1;
    } else {
      l = lo;
      let i = lo;
      r = hi;
      while (i < r) {
        const x = v[i];
        if (x < pivotLow) {
          v[i] = v[l];
          v[l] = x;
          i++;
          l++;
        } else if (x >= pivotHigh) {
          r--;
          v[i] = v[r];
          v[r] = x;
        } else {
          i++;
        }
      }
    }
    const pivotRank = pivotLow >>> shift;
    if (l - lo < hi - r) {
      introsort(v, lo, l, maxDepth, rankMask, shift, ties, tLo, below, lowRank, pivotRank);
      lo = r;
      tLo = above;
      lowRank = pivotRank;
    } else {
      introsort(v, r, hi, maxDepth, rankMask, shift, ties, above, tHi, pivotRank, highRank);
      hi = l;
      tHi = below;
      highRank = pivotRank;
    }
  }
}

/**
 * The three-way partition above when exactly one key of v[lo, hi) has the pivot's rank, without
 * branches: that key, which the three-way loop keeps moving to the end of its (one-key) middle block,
 * is held aside and written once at the end; keys below the pivot are written at l (the three-way loop
 * swaps them there), keys above it swapped with the back as before. Same keys at the same positions.
 * Returns l, the pivot key's position ([lo, l) below, (l, hi) above).
 */
function partitionUniquePivot(v: Int32Array, lo: number, hi: number, pivotLow: number, pivotHigh: number): number {
  const pivotTop = pivotHigh - 1;
  let l = lo;
  let i = lo;
  let r = hi;
  let pivotKey = 0;
  while (i < r) {
    const x = v[i];
    // all-ones masks: x below the pivot (keys are non-negative int32), x above it
    const lt = (x - pivotLow) >> 31;
    const gt = (pivotTop - x) >> 31;
    const back = r - 1;
    const y = v[back];
    v[l] = x;
    v[i] = (y & gt) | (x & ~gt);
    v[back] = (x & gt) | (y & ~gt);
    pivotKey |= x & ~(lt | gt);
    l -= lt;
    r += gt;
    i += 1 + gt;
  }
  v[l] = pivotKey;
  return l;
}

/** The middle one of three ranks (scikit-learn's median3 on values, here on ranks). */
function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

function heapsort(v: Int32Array, lo: number, hi: number, rankMask: number): void {
  const n = hi - lo;
  for (let s = (n >> 1) - 1; s >= 0; s--) siftDown(v, lo, s, n, rankMask);
  for (let end = n - 1; end > 0; end--) {
    const t = v[lo];
    v[lo] = v[lo + end];
    v[lo + end] = t;
    siftDown(v, lo, 0, end, rankMask);
  }
}

function siftDown(v: Int32Array, lo: number, root: number, n: number, rankMask: number): void {
  for (;;) {
    let child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && (v[lo + child] & rankMask) < (v[lo + child + 1] & rankMask)) child++;
    if ((v[lo + root] & rankMask) >= (v[lo + child] & rankMask)) return;
    const t = v[lo + root];
    v[lo + root] = v[lo + child];
    v[lo + child] = t;
    root = child;
  }
}
