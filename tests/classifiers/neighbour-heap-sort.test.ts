import { describe, expect, it } from 'vitest';
import { simultaneousSort } from '../../libs/classifiers/src/neighbors/simultaneous-sort';

/**
 * The order in which scikit-learn's KDTree.query returns equally distant neighbours (its `simultaneous_sort`)
 * decides which neighbour a SMOTE draw interpolates towards on tied data; a stable sort would pick others.
 */
describe("simultaneousSort: scikit-learn 1.2's neighbour order among equal distances", () => {
  it('orders a worked example as scikit-learn does (traced by hand), not as a stable sort would', () => {
    // size 4: values[0] > values[3] swaps rows 0 and 3 ([0, 0, 1, 1], rows [3, 1, 2, 0]); pivot = values[3] = 1;
    // rows at 0 and 1 are below it and stay; the pivot goes to position 2: rows [3, 1, 0, 2].
    const values = Float64Array.from([1, 0, 1, 0]);
    const rows = Int32Array.from([0, 1, 2, 3]);
    simultaneousSort(values, rows, 0, 4);
    expect(Array.from(values)).toEqual([0, 0, 1, 1]);
    expect(Array.from(rows)).toEqual([3, 1, 0, 2]); // a stable sort gives [1, 3, 0, 2]
  });

  it('sorts any slice ascending and keeps every (value, row) pair', () => {
    let state = 11;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [1, 2, 3, 4, 6, 7, 31]) {
      const values = Float64Array.from({ length: n + 2 }, () => Math.floor(next() * 4));
      const rows = Int32Array.from({ length: n + 2 }, (_, i) => i);
      const pairs = Array.from(values.subarray(1, n + 1), (v, i) => `${v}:${i + 1}`).sort();
      simultaneousSort(values, rows, 1, n);
      for (let i = 2; i <= n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
      expect(Array.from(rows.subarray(1, n + 1), (r, i) => `${values[i + 1]}:${r}`).sort()).toEqual(pairs);
      expect([rows[0], rows[n + 1]]).toEqual([0, n + 1]); // outside the slice untouched
    }
  });
});
