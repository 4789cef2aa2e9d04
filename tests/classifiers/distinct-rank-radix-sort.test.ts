import { describe, expect, it } from 'vitest';
import { Rng } from '@radsweep/core';
import { DistinctRankRadixSort } from '../../libs/classifiers/src/trees/distinct-rank-radix-sort';
import { sortDistinct } from '../../libs/classifiers/src/trees/ranked-row-sort';
import { NodeRowSorter } from '../../libs/classifiers/src/trees/node-row-sorter';
import { sortPairs } from '../../libs/classifiers/src/trees/sort-pairs';

/** The radix sort of tie-free node parts (packed rank << shift | row keys, distinct ranks) against `sortDistinct`. */
describe('DistinctRankRadixSort', () => {
  it('sorts parts of packed keys with distinct ranks as sortDistinct does, for 1, 2 and 3 radix passes', () => {
    const rng = new Rng(3);
    const next = () => rng.next();
    for (const n of [40, 204, 2078, 20000]) {
      const shift = Math.max(1, Math.ceil(Math.log2(n))); // rank bits = row bits, as NodeRowSorter packs them
      const radix = new DistinctRankRadixSort(n, shift, shift);
      for (const size of [2, 25, 26, 61, 257, Math.min(n, 1500)]) {
        if (size > n) continue;
        // `size` distinct ranks out of n, any rows, placed at an offset inside a longer array
        const ranks = Int32Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(next() * (i + 1));
          [ranks[i], ranks[j]] = [ranks[j], ranks[i]];
        }
        const lo = 3;
        const keys = new Int32Array(size + 7).fill(-5);
        for (let k = 0; k < size; k++) keys[lo + k] = (ranks[k] << shift) | Math.floor(next() * n);
        const plain = keys.slice();
        sortDistinct(plain, lo, lo + size);
        radix.sort(keys, lo, lo + size);
        expect(Array.from(keys), `n ${n}, ${size} keys`).toEqual(Array.from(plain));
      }
    }
  });

  it("leaves NodeRowSorter's small nodes in sortPairs's order (tie-free features and tie-free parts of tied ones)", () => {
    const rng = new Rng(9);
    const next = () => rng.next();
    const n = 2000;
    const p = 2;
    const xCol = new Float32Array(n * p);
    for (let i = 0; i < n; i++) {
      xCol[i] = next() * 100; // no ties
      xCol[n + i] = i % 50 === 0 ? 7 : next() * 100; // one tie group of 40 rows
    }
    const sorter = new NodeRowSorter(xCol, n, p);
    expect((sorter as unknown as { tied: Uint8Array }).tied[0]).toBe(0); // feature 0 has no tied values
    for (const size of [30, 120, 240]) {
      // a small node (< n / 8 rows): rows drawn without repeats, in shuffled order
      const all = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [all[i], all[j]] = [all[j], all[i]];
      }
      for (let f = 0; f < p; f++) {
        const samples = all.slice(0, size);
        const rows = samples.slice();
        const values = Float64Array.from(rows, (r) => xCol[f * n + r]);
        sortPairs(values, rows, 0, size);
        const xf = new Float64Array(size);
        sorter.startNode(samples, 0, size);
        sorter.sort(f, samples, xf, 0, size);
        expect(Array.from(samples), `feature ${f}, ${size} rows`).toEqual(Array.from(rows));
        expect(Array.from(xf)).toEqual(Array.from(values));
      }
    }
  });
});
