import { Matrix, Rng, matrix } from '@radsweep/core';

/** n x p standard-normal rows; y = 1 when x[a] + sign * x[b] + unit noise > 0 (tree and ensemble tests). */
export function noisyTask(n: number, p: number, seed: number, a = 0, b = 1, sign = 1): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal();
    y[i] = x.data[i * p + a] + sign * x.data[i * p + b] + rng.normal() > 0 ? 1 : 0;
  }
  return { x, y };
}

/** x's values rounded in place to `decimals` decimals (tied values, as clipped or coarse radiomics features have). */
export function roundValues(x: Matrix, decimals: number): Matrix {
  const scale = 10 ** decimals;
  for (let i = 0; i < x.data.length; i++) x.data[i] = Math.round(x.data[i] * scale) / scale;
  return x;
}
