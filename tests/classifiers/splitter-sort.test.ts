import { describe, expect, it } from 'vitest';
import { sortPairs } from '../../libs/classifiers/src/trees/sort-pairs';
import { RankTies, sortDistinct, sortRankedRows } from '../../libs/classifiers/src/trees/ranked-row-sort';
import { NodeRowSorter } from '../../libs/classifiers/src/trees/node-row-sorter';
import { fullNodeMemoFor } from '../../libs/classifiers/src/trees/full-node-sort-memo';

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

  it('told the tied ranks, the packed-rank sort moves rows as before though parts without ties are sorted another way', () => {
    let state = 11;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [2, 7, 40, 300, 2000]) {
      for (const distinct of [Math.max(1, n >> 3), n - 3, n]) {
        const shift = Math.max(1, Math.ceil(Math.log2(n)));
        const rank = Int32Array.from({ length: n }, () => Math.floor(next() * distinct));
        const keys = Int32Array.from(rank, (r, row) => (r << shift) | row);
        const seen = new Map<number, number>();
        for (const r of rank) seen.set(r, (seen.get(r) ?? 0) + 1);
        const tied = Int32Array.from([...seen].filter(([, c]) => c > 1).map(([r]) => r << shift)).sort();
        let sortedParts = 0;
        const ties: RankTies = {
          ranks: tied,
          count: tied.length,
          sortPart: (v, lo, hi, lowRank, highRank) => {
            for (let k = lo; k < hi; k++) expect(v[k] >>> shift > lowRank && v[k] >>> shift < highRank).toBe(true);
            sortedParts++;
            sortDistinct(v, lo, hi);
          },
        };
        const plain = keys.slice();
        sortRankedRows(plain, 0, n, shift);
        sortRankedRows(keys, 0, n, shift, ties);
        expect(Array.from(keys), `n = ${n}, ${distinct} values`).toEqual(Array.from(plain));
        // with few ties most of the rows are sorted in tie-free parts
        if (n >= 40 && distinct >= n - 3) expect(sortedParts).toBeGreaterThan(0);
      }
    }
  });

  it("NodeRowSorter puts a node's rows in sortPairs's order, ties included, in large and small nodes", () => {
    let state = 5;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const n = 600;
    const p = 3;
    // feature 0 without ties, feature 1 with a few tied pairs, feature 2 with many ties
    const xCol = new Float32Array(n * p);
    for (let i = 0; i < n; i++) {
      xCol[i] = i * 0.37 - next();
      xCol[n + i] = i % 97 === 5 ? 1.5 : next() * 10;
      xCol[2 * n + i] = Math.floor(next() * 20);
    }
    const sorter = new NodeRowSorter(xCol, n, p);
    for (const count of [n, 300, 100, 60, 20]) {
      const samples = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [samples[i], samples[j]] = [samples[j], samples[i]];
      }
      const start = 7 % (n - count + 1);
      const end = start + count;
      sorter.startNode(samples, start, end);
      for (let f = 0; f < p; f++) {
        const rows = samples.slice();
        const values = Float64Array.from(rows, (r) => xCol[f * n + r]);
        sortPairs(values, rows, start, end);
        const xf = new Float64Array(n);
        sorter.sort(f, samples, xf, start, end);
        expect(Array.from(samples.subarray(start, end)), `${count} rows, feature ${f}`).toEqual(Array.from(rows.subarray(start, end)));
        expect(Array.from(xf.subarray(start, end))).toEqual(Array.from(values.subarray(start, end)));
      }
    }
  });

  it("a node of all rows in row order takes repeated sorts from the memo in sortPairs's order, on a second sorter of the same data too", () => {
    let state = 11;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const n = 500;
    const p = 4;
    // features 0-2 with a few tied values (memoised), feature 3 with many (sorted every time)
    const xCol = new Float32Array(n * p);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < 3; f++) xCol[f * n + i] = i % (37 + 10 * f) === 3 ? 2.5 + f : next() * 10;
      xCol[3 * n + i] = Math.floor(next() * 30);
    }
    let sorts = 0;
    for (const sorter of [new NodeRowSorter(xCol, n, p), new NodeRowSorter(xCol.slice(), n, p)]) {
      // trees: the root's rows start in row order, then features in a drawn order (with repeats)
      for (let tree = 0; tree < 40; tree++) {
        const samples = Int32Array.from({ length: n }, (_, i) => i);
        sorter.startNode(samples, 0, n);
        for (let visit = 0; visit < 6; visit++) {
          const f = Math.floor(next() * p);
          const rows = samples.slice();
          const values = Float64Array.from(rows, (r) => xCol[f * n + r]);
          sortPairs(values, rows, 0, n);
          const xf = new Float64Array(n);
          sorter.sort(f, samples, xf, 0, n);
          sorts++;
          expect(Array.from(samples), `tree ${tree}, visit ${visit}, feature ${f}`).toEqual(Array.from(rows));
          expect(Array.from(xf)).toEqual(Array.from(values));
        }
      }
    }
    // the memo was used: fewer entries than memoisable sorts
    const entries = fullNodeMemoFor(xCol, n).size;
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBeLessThan(sorts / 2);
  });
});
