/**
 * Sorts values[start, end) ascending and applies the same moves to idx[start, end),
 * in place and without allocation: introsort (median-of-three quicksort with a
 * three-way partition, so runs of equal values cost one pass; heapsort past 2 log2 n
 * levels). scikit-learn's tree splitter (sklearn/tree/_splitter.pyx, `sort`), which sorts
 * each candidate feature's values at every node, move for move: it partitions down to
 * single items (no insertion sort for short runs, which would order equal values
 * differently), so equal values end in its order and sums over them round as its do.
 */
export function sortPairs(values: Float64Array, idx: Int32Array, start: number, end: number): void {
  const n = end - start;
  if (n < 2) return;
  introsort(values, idx, start, end, 2 * Math.floor(Math.log2(n)));
}

function introsort(v: Float64Array, idx: Int32Array, lo: number, hi: number, maxDepth: number): void {
  while (hi - lo > 1) {
    if (maxDepth-- <= 0) {
      heapsort(v, idx, lo, hi);
      return;
    }
    const pivot = median3(v[lo], v[lo + ((hi - lo) >> 1)], v[hi - 1]);
    // Dijkstra three-way partition: [lo, l) < pivot, [l, r) == pivot, [r, hi) > pivot.
    let l = lo;
    let i = lo;
    let r = hi;
    while (i < r) {
      const x = v[i];
      if (x < pivot) {
        swap(v, idx, i, l);
        i++;
        l++;
      } else if (x > pivot) {
        r--;
        swap(v, idx, i, r);
      } else {
        i++;
      }
    }
    // Recurse into the smaller side, loop on the larger: stack depth stays O(log n).
    if (l - lo < hi - r) {
      introsort(v, idx, lo, l, maxDepth);
      lo = r;
    } else {
      introsort(v, idx, r, hi, maxDepth);
      hi = l;
    }
  }
}

function median3(a: number, b: number, c: number): number {
  if (a < b) {
    if (b < c) return b;
    return a < c ? c : a;
  }
  if (a < c) return a;
  return b < c ? c : b;
}

function swap(v: Float64Array, idx: Int32Array, i: number, j: number): void {
  const t = v[i];
  v[i] = v[j];
  v[j] = t;
  const k = idx[i];
  idx[i] = idx[j];
  idx[j] = k;
}

function heapsort(v: Float64Array, idx: Int32Array, lo: number, hi: number): void {
  const n = hi - lo;
  for (let s = (n >> 1) - 1; s >= 0; s--) siftDown(v, idx, lo, s, n);
  for (let end = n - 1; end > 0; end--) {
    swap(v, idx, lo, lo + end);
    siftDown(v, idx, lo, 0, end);
  }
}

function siftDown(v: Float64Array, idx: Int32Array, lo: number, root: number, n: number): void {
  for (;;) {
    let child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && v[lo + child] < v[lo + child + 1]) child++;
    if (v[lo + root] >= v[lo + child]) return;
    swap(v, idx, lo + root, lo + child);
    root = child;
  }
}
