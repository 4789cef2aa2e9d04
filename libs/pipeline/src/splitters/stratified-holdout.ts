import { NumpyRandomState, RadSweepInputError } from '@radsweep/core';
import { checkSeed, countBinaryLabels, numpyPermutation, rowsOfLabel } from './binary-labels';

/** A train/test partition of row indices. `train` and `test` are ascending; the split-order copies are the order scikit-learn returns. */
export interface HoldoutSplit {
  train: Int32Array;
  test: Int32Array;
  /** Training rows in the order `train_test_split` returns them (its final shuffle); CV folds of the reference are defined on this order. */
  trainSplitOrder: Int32Array;
  /** Test rows in the order `train_test_split` returns them. */
  testSplitOrder: Int32Array;
}

/**
 * Stratified holdout, identical to scikit-learn 1.2's
 * `train_test_split(X, y, test_size, stratify=y, random_state=seed)`
 * (StratifiedShuffleSplit._iter_indices), replayed on numpy's RandomState(seed):
 * - n_test = ceil(n * testSize), n_train = n - n_test;
 * - per-class train counts by `_approximate_mode` (floor of n_train * class share, the
 *   remaining rows given to the largest remainders, ties broken at random), then test
 *   counts the same way from what is left;
 * - each class's rows are permuted, the first n_i go to train, the next t_i to test;
 * - train and test are each permuted once more (kept in `*SplitOrder`).
 * Classes are the labels 0 and 1 in ascending order (np.unique).
 */
export function stratifiedHoldout(y: Uint8Array, testSize: number, seed: number): HoldoutSplit {
  const where = 'validation.split';
  if (!(testSize > 0 && testSize < 1)) throw new RadSweepInputError(`testSize must lie strictly between 0 and 1, got ${testSize}`, where);
  checkSeed(seed, `${where}.seed`);
  const counts = countBinaryLabels(y, where);
  const n = y.length;
  if (counts[0] < 2 || counts[1] < 2) {
    throw new RadSweepInputError(`a stratified split needs at least 2 rows of each class, got ${counts[0]} of label 0 and ${counts[1]} of label 1`, where);
  }
  const nTest = Math.ceil(n * testSize);
  const nTrain = n - nTest;
  if (nTrain < 2 || nTest < 2) {
    throw new RadSweepInputError(`testSize ${testSize} of ${n} rows leaves ${nTrain} training and ${nTest} test rows; each needs at least one row per class`, where);
  }
  const rs = new NumpyRandomState(seed);
  const nI = approximateMode(counts, nTrain, rs);
  const tI = approximateMode([counts[0] - nI[0], counts[1] - nI[1]], nTest, rs);
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < 2; c++) {
    const rows = rowsOfLabel(y, c, counts[c]);
    const perm = numpyPermutation(rs, counts[c]);
    for (let i = 0; i < nI[c]; i++) train.push(rows[perm[i]]);
    for (let i = nI[c]; i < nI[c] + tI[c]; i++) test.push(rows[perm[i]]);
  }
  const trainSplitOrder = rs.shuffle(Int32Array.from(train));
  const testSplitOrder = rs.shuffle(Int32Array.from(test));
  return {
    train: Int32Array.from(trainSplitOrder).sort(),
    test: Int32Array.from(testSplitOrder).sort(),
    trainSplitOrder,
    testSplitOrder,
  };
}

/**
 * scikit-learn's `_approximate_mode(class_counts, n_draws, rng)`: the most likely
 * per-class counts of n_draws rows drawn without replacement, floor(share * n_draws)
 * plus one for the largest remainders; among equal remainders the classes that get
 * the extra row are chosen by `rng.choice(inds, size, replace=False)` (= permutation).
 */
export function approximateMode(classCounts: ArrayLike<number>, nDraws: number, rs: NumpyRandomState): number[] {
  let total = 0;
  for (let c = 0; c < classCounts.length; c++) total += classCounts[c];
  const continuous = Array.from(classCounts, (c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let need = nDraws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((v, i) => v - floored[i]);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.flatMap((r, i) => (r === value ? [i] : []));
      const addNow = Math.min(inds.length, need);
      const perm = numpyPermutation(rs, inds.length);
      for (let i = 0; i < addNow; i++) floored[inds[perm[i]]] += 1;
      need -= addNow;
      if (need === 0) break;
    }
  }
  return floored;
}
