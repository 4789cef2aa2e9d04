/**
 * `sortPairs` (sort-pairs.ts, scikit-learn's splitter introsort) replayed on packed
 * keys key = rank << shift | row, where rank is the row's value rank within its feature (equal
 * values share a rank, so rank comparisons are the value comparisons). Every comparison is made
 * on ranks only (never on the row bits), with the same pivots, partitions and heapsort, so rows
 * come out in exactly the order `sortPairs` gives them, ties included, while
 * each move touches one Int32 instead of a value and an index. Needs nDistinct << shift <= 2^31.
 */
export function sortRankedRows(keys: Int32Array, start: number, end: number, shift: number): void {
  const n = end - start;
  if (n < 2) return;
  const rankMask = ~((1 << shift) - 1);
  introsort(keys, start, end, 2 * Math.floor(Math.log2(n)), rankMask, 1 << shift);
}

function introsort(v: Int32Array, lo: number, hi: number, maxDepth: number, rankMask: number, step: number): void {
  while (hi - lo > 1) {
    if (maxDepth-- <= 0) {
      heapsort(v, lo, hi, rankMask);
      return;
    }
    // Pivot as rank << shift: x < pivot iff key < pivotLow; x > pivot iff key >= pivotLow + step.
    const pivotLow = median3(v[lo] & rankMask, v[lo + ((hi - lo) >> 1)] & rankMask, v[hi - 1] & rankMask);
    const pivotHigh = pivotLow + step;
    let l = lo;
    let i = lo;
    let r = hi;
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
    if (l - lo < hi - r) {
      introsort(v, lo, l, maxDepth, rankMask, step);
      lo = r;
    } else {
      introsort(v, r, hi, maxDepth, rankMask, step);
      hi = l;
    }
  }
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
