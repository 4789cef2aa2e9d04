/**
 * Welch's two-sample t-test of every column, positives (label 1) against
 * negatives (label 0), as scipy.stats.ttest_ind(a, b, equal_var=False):
 *   t = (m1 - m0) / sqrt(v1/n1 + v0/n0), v with divisor n - 1,
 *   df = (v1/n1 + v0/n0)^2 / ((v1/n1)^2/(n1-1) + (v0/n0)^2/(n0-1)) (NaN df -> 1, as scipy),
 *   p = two-sided Student t tail at |t| with df.
 * A column constant in both classes gives t = NaN (0/0) and p = NaN, as scipy.
 * Reference: B. L. Welch, Biometrika 34 (1947) 28-35; scipy 1.10 scipy/stats/_stats_py.py.
 */
import type { Matrix } from '@radsweep/core';
import { studentTwoSidedP } from './incomplete-beta';

export interface WelchResult {
  t: Float64Array;
  p: Float64Array;
  df: Float64Array;
}

export function welchTTest(x: Matrix, y: Uint8Array): WelchResult {
  const { rows: n, cols: p, data } = x;
  const sum = [new Float64Array(p), new Float64Array(p)];
  const count = [0, 0];
  for (let i = 0; i < n; i++) {
    const s = sum[y[i]];
    count[y[i]]++;
    const base = i * p;
    for (let j = 0; j < p; j++) s[j] += data[base + j];
  }
  const mean = sum.map((s, c) => s.map((v) => v / count[c]));
  const ss = [new Float64Array(p), new Float64Array(p)];
  for (let i = 0; i < n; i++) {
    const m = mean[y[i]];
    const s = ss[y[i]];
    const base = i * p;
    for (let j = 0; j < p; j++) {
      const d = data[base + j] - m[j];
      s[j] += d * d;
    }
  }
  const [n0, n1] = count;
  const result: WelchResult = { t: new Float64Array(p), p: new Float64Array(p), df: new Float64Array(p) };
  for (let j = 0; j < p; j++) {
    const vn1 = ss[1][j] / (n1 - 1) / n1;
    const vn0 = ss[0][j] / (n0 - 1) / n0;
    let df = (vn1 + vn0) ** 2 / ((vn1 * vn1) / (n1 - 1) + (vn0 * vn0) / (n0 - 1));
    if (Number.isNaN(df)) df = 1;
    const t = (mean[1][j] - mean[0][j]) / Math.sqrt(vn1 + vn0);
    result.t[j] = t;
    result.df[j] = df;
    result.p[j] = studentTwoSidedP(t, df);
  }
  return result;
}
