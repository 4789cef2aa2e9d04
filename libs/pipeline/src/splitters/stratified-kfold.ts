import { NumpyRandomState, RadSweepInputError } from '@radsweep/core';
import { checkSeed, countBinaryLabels } from './binary-labels';

/**
 * Stratified k-fold: the fold (0..k-1) of each row, identical to scikit-learn 1.2's
 * `StratifiedKFold(n_splits=k, shuffle, random_state=seed)._make_test_folds` replayed on
 * numpy's RandomState(seed):
 * - classes are numbered in order of first appearance in y;
 * - fold f receives, of each class, the count of that class in sorted(y)[f::k]
 *   (so every fold's class counts differ by at most 1 between folds);
 * - per class, the block list [0,..,0, 1,..,1, ...] of fold numbers is shuffled (if
 *   `shuffle`) and assigned to that class's rows in row order.
 * Deviation: scikit-learn only warns when a class has fewer than k rows; here that is an
 * error, because a fold without a positive row has no ROC AUC.
 */
export function stratifiedKFold(y: Uint8Array, k: number, seed: number, shuffle = true): Int32Array {
  checkSeed(seed, 'validation.cv.seed');
  return assignFolds(y, k, shuffle ? new NumpyRandomState(seed) : null);
}

/**
 * `RepeatedStratifiedKFold(n_splits=k, n_repeats=repeats, random_state=seed)`: one fold
 * assignment per repeat. As in scikit-learn, one RandomState(seed) is shared by the
 * repeats, so repeat r continues the stream of repeat r - 1 (repeat 0 equals
 * `stratifiedKFold(y, k, seed)`), and different repeats get different folds.
 */
export function repeatedStratifiedKFold(y: Uint8Array, k: number, repeats: number, seed: number): Int32Array[] {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RadSweepInputError(`repeats must be a positive integer, got ${repeats}`, 'validation.cv.repeats');
  checkSeed(seed, 'validation.cv.seed');
  const rs = new NumpyRandomState(seed);
  return Array.from({ length: repeats }, () => assignFolds(y, k, rs));
}

function assignFolds(y: Uint8Array, k: number, rs: NumpyRandomState | null): Int32Array {
  const where = 'validation.cv.folds';
  if (!Number.isInteger(k) || k < 2) throw new RadSweepInputError(`folds must be an integer >= 2, got ${k}`, where);
  const counts = countBinaryLabels(y, where);
  if (counts[0] < k || counts[1] < k) {
    throw new RadSweepInputError(`${k}-fold stratified CV needs at least ${k} rows of each class, got ${counts[0]} of label 0 and ${counts[1]} of label 1`, where);
  }
  // Classes in order of first appearance (scikit-learn's encoding).
  const first = y[0];
  const order = [first, 1 - first];
  const encodedCounts = [counts[first], counts[1 - first]];
  // allocation[f][c]: rows of encoded class c at positions f, f+k, ... of the sorted encoded labels.
  const allocation = Array.from({ length: k }, () => [0, 0]);
  for (let pos = 0; pos < y.length; pos++) allocation[pos % k][pos < encodedCounts[0] ? 0 : 1]++;
  const folds = new Int32Array(y.length);
  for (let c = 0; c < 2; c++) {
    const block = new Int32Array(encodedCounts[c]);
    let at = 0;
    for (let f = 0; f < k; f++) for (let r = 0; r < allocation[f][c]; r++) block[at++] = f;
    if (rs) rs.shuffle(block);
    at = 0;
    for (let i = 0; i < y.length; i++) if (y[i] === order[c]) folds[i] = block[at++];
  }
  return folds;
}
