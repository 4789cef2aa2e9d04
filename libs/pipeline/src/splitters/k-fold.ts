import { RadSweepInputError } from '@radsweep/core';

/**
 * Unshuffled k-fold as scikit-learn's `KFold(n_splits=k)`: contiguous blocks, the first
 * n % k folds one row larger. Returns the fold (0..k-1) of each of the n rows.
 */
export function kFold(n: number, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new RadSweepInputError(`k-fold needs an integer k >= 2, got ${k}`, 'folds');
  if (!Number.isInteger(n) || n < k) throw new RadSweepInputError(`${k}-fold needs at least ${k} rows, got ${n}`, 'folds');
  const folds = new Int32Array(n);
  const base = Math.floor(n / k);
  const larger = n % k;
  let row = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < larger ? 1 : 0);
    folds.fill(f, row, row + size);
    row += size;
  }
  return folds;
}
