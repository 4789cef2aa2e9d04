/**
 * Test-fold index of each row under scikit-learn's `StratifiedKFold(k, shuffle=False)`
 * (1.2, `_make_test_folds`): classes are numbered by first appearance in y; the labels
 * sorted by that number are dealt round-robin into k folds, which fixes how many rows of
 * each class every fold gets (so earlier folds get the remainders of the first class);
 * then each class's rows, in their order, fill fold 0, then fold 1, ... in blocks.
 */
export function stratifiedTestFolds(y: Uint8Array, k: number): Int32Array {
  const n = y.length;
  const first = y[0];
  const code = (label: number) => (label === first ? 0 : 1); // order of appearance
  const count = [0, 0];
  for (let i = 0; i < n; i++) count[code(y[i])]++;
  // allocation[f][c]: rows of class c in fold f, from dealing the sorted codes round-robin
  const allocation = Array.from({ length: k }, () => [0, 0]);
  for (let pos = 0; pos < n; pos++) allocation[pos % k][pos < count[0] ? 0 : 1]++;
  const folds = new Int32Array(n);
  const fold = [0, 0];
  const used = [0, 0];
  for (let i = 0; i < n; i++) {
    const c = code(y[i]);
    while (used[c] === allocation[fold[c]][c]) {
      fold[c]++;
      used[c] = 0;
    }
    folds[i] = fold[c];
    used[c]++;
  }
  return folds;
}
