import { describe, expect, it } from 'vitest';
import { sortPairs } from '../../libs/classifiers/src/trees/sort-pairs';
import { sortRankedRows } from '../../libs/classifiers/src/trees/ranked-row-sort';

/**
 * The tree splitter's sort must leave equal values in scikit-learn's order (sklearn/tree/_splitter.pyx `sort`:
 * median-of-three quicksort with a three-way partition down to single items, heapsort past 2 log2 n levels),
 * because gradient boosting sums residuals in that order: a different order of tied rows rounds the sums
 * differently and flips exactly tied splits (the drift on the tied WDBC cohort, issue 14 item 8).
 */
describe("splitter sort: scikit-learn's order of equal values", () => {
  it('orders a worked example as scikit-learn 1.2 does (traced by hand), not as a stable sort would', () => {
    // n = 4: pivot = median3(1, 1, 0) = 1; the partition swaps position 1 with 0, then position 3 with 1:
    // values [0, 0, 1, 1], rows [1, 3, 2, 0]; the left part [0, 0] is all pivot, the right part is empty.
    const values = Float64Array.from([1, 0, 1, 0]);
    const rows = Int32Array.from([0, 1, 2, 3]);
    sortPairs(values, rows, 0, 4);
    expect(Array.from(values)).toEqual([0, 0, 1, 1]);
    expect(Array.from(rows)).toEqual([1, 3, 2, 0]); // a stable (insertion) sort gives [1, 3, 0, 2]
  });

  it('the packed-rank sort moves rows exactly as sortPairs on tied data of every size', () => {
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [2, 3, 5, 8, 16, 17, 33, 100, 455]) {
      const distinct = Math.max(1, Math.floor(n / 4));
      const values = Float64Array.from({ length: n }, () => Math.floor(next() * distinct) / 10);
      const rows = Int32Array.from({ length: n }, (_, i) => i);
      const shift = Math.max(1, Math.ceil(Math.log2(n)));
      const keys = Int32Array.from(rows, (r) => (Math.round(values[r] * 10) << shift) | r);
      sortPairs(values, rows, 0, n);
      sortRankedRows(keys, 0, n, shift);
      expect(Array.from(keys, (k) => k & ((1 << shift) - 1)), `n = ${n}`).toEqual(Array.from(rows));
      for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    }
  });
});
