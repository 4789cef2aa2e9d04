import { Matrix, Rng, matrix } from '@radsweep/core';

/** A train/test split for the classifier benchmarks. */
export interface Split {
  xTrain: Matrix;
  yTrain: Uint8Array;
  xTest: Matrix;
  yTest: Uint8Array;
}

/**
 * `rows` x `cols` standard-normal matrix, y = 1 when the first five columns plus unit noise
 * sum above 0; the first `nTrain` rows are the training set, the rest the test set
 * (rows drawn in order from one `Rng(seed)`).
 */
export function randomSplit(rows: number, cols: number, nTrain: number, seed: number): Split {
  const rng = new Rng(seed);
  const part = (n: number) => {
    const x = matrix(n, cols);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let s = rng.normal();
      for (let j = 0; j < cols; j++) {
        const v = rng.normal();
        x.data[i * cols + j] = v;
        if (j < 5) s += v;
      }
      y[i] = s > 0 ? 1 : 0;
    }
    return { x, y };
  };
  const train = part(nTrain);
  const test = part(rows - nTrain);
  return { xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y };
}
