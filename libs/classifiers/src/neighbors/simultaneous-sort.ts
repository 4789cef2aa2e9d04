/**
 * scikit-learn 1.2's `simultaneous_sort` (sklearn/utils/_sorting.pyx), which orders a neighbour heap's rows
 * (`KDTree.query(..., sort_results=True)`): values[start, start + size) ascending, the same swaps applied to
 * indices. A recursive quicksort, not stable: pivot by median of three (the smallest of values[0],
 * values[size // 2], values[size - 1] moved to the front, the median to the end), Lomuto partition on
 * `< pivot`, sizes 2 and 3 by compare-and-swap. Replayed move for move because the order of equally
 * distant neighbours decides which one a SMOTE draw interpolates towards.
 */
export function simultaneousSort(values: Float64Array, indices: Int32Array, start: number, size: number): void {
  const swap = (a: number, b: number) => {
    const v = values[start + a];
    values[start + a] = values[start + b];
    values[start + b] = v;
    const i = indices[start + a];
    indices[start + a] = indices[start + b];
    indices[start + b] = i;
  };
  const at = (i: number) => values[start + i];
  if (size <= 1) return;
  if (size === 2) {
    if (at(0) > at(1)) swap(0, 1);
    return;
  }
  if (size === 3) {
    if (at(0) > at(1)) swap(0, 1);
    if (at(1) > at(2)) {
      swap(1, 2);
      if (at(0) > at(1)) swap(0, 1);
    }
    return;
  }
  const mid = size >> 1;
  if (at(0) > at(size - 1)) swap(0, size - 1);
  if (at(size - 1) > at(mid)) {
    swap(size - 1, mid);
    if (at(0) > at(size - 1)) swap(0, size - 1);
  }
  const pivot = at(size - 1);
  let store = 0;
  for (let i = 0; i < size - 1; i++) {
    if (at(i) < pivot) swap(i, store++);
  }
  swap(store, size - 1);
  if (store > 1) simultaneousSort(values, indices, start, store);
  if (store + 2 < size) simultaneousSort(values, indices, start + store + 1, size - store - 1);
}
