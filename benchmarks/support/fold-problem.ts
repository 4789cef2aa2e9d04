import { Matrix, Rng, matrix } from '@radsweep/core';

/**
 * A fold-sized classification problem: n x p standard normal, class 1 (every other row)
 * shifted by 0.4 in the first five columns (all values distinct, like a SMOTE-balanced fold).
 */
export function foldProblem(n: number, p: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() + (y[i] && j < 5 ? 0.4 : 0);
  }
  return { x, y };
}
