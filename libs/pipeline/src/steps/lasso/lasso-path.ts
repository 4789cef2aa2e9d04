/**
 * LASSO fits and their cross-validated path, as scikit-learn 1.2's `Lasso` and
 * `LassoCV` with fit_intercept=True: objective (1/(2n)) ||y - Xw - b||^2 + alpha ||w||_1,
 * solved on centred X and y (b = mean(y) - mean(X) . w). See coordinate-descent.ts.
 * Reference: scikit-learn sklearn/linear_model/_coordinate_descent.py (`_alpha_grid`,
 * `enet_path`, `_path_residuals`, `LinearModelCV.fit`).
 */
import type { Matrix } from '@radsweep/core';
import { lassoCoordinateDescent, lassoCoordinateDescentGram } from './coordinate-descent';
import { type GramKernel, GramSpace } from './gram-space';

export interface CdSettings {
  /** Most sweeps per alpha. */
  maxIter: number;
  /** Stop when the duality gap < tol * ||y - mean y||^2 (and the sweep moved w by < tol relative). */
  tol: number;
  /** How the Gram-form sweeps run (same bits either way): default from RADSWEEP_KERNELS ('wasm' unless set to 'js'). */
  gramKernel?: GramKernel;
}

export interface LassoFit {
  coef: Float64Array;
  intercept: number;
  /** Duality gap / n at the end (scikit-learn's dual_gap_). */
  dualGap: number;
  iterations: number;
  /** False when maxIter sweeps ended above the tolerance (scikit-learn's ConvergenceWarning). */
  converged: boolean;
}

/** The given rows of x, centred, column-major; with the column means and the centred y. */
interface CentredPart {
  n: number;
  p: number;
  xc: Float64Array;
  xMean: Float64Array;
  yc: Float64Array;
  yMean: number;
}

function centre(x: Matrix, y: Float64Array, rows: ArrayLike<number>): CentredPart {
  const n = rows.length;
  const p = x.cols;
  const xc = new Float64Array(n * p);
  const xMean = new Float64Array(p);
  const yc = new Float64Array(n);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    const base = rows[i] * p;
    for (let j = 0; j < p; j++) xc[j * n + i] = x.data[base + j];
    yc[i] = y[rows[i]];
    yMean += yc[i];
  }
  yMean /= n;
  for (let i = 0; i < n; i++) yc[i] -= yMean;
  for (let j = 0; j < p; j++) {
    const col = xc.subarray(j * n, (j + 1) * n);
    let m = 0;
    for (let i = 0; i < n; i++) m += col[i];
    m /= n;
    xMean[j] = m;
    for (let i = 0; i < n; i++) col[i] -= m;
  }
  return { n, p, xc, xMean, yc, yMean };
}

function columnNorms2(part: CentredPart): Float64Array {
  const { n, p, xc } = part;
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0, o = j * n; i < n; i++) s += xc[o + i] * xc[o + i];
    out[j] = s;
  }
  return out;
}

function sumOfSquares(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}

function allRows(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/**
 * scikit-learn's `_alpha_grid`: alpha_max = max_j |X_j' (y - mean y)| / n on
 * centred X (the smallest alpha giving w = 0), then nAlphas values spaced evenly
 * in log10 from alpha_max down to eps * alpha_max (numpy.logspace).
 */
export function alphaGrid(x: Matrix, y: Float64Array, nAlphas: number, eps: number): Float64Array {
  const part = centre(x, y, allRows(x.rows));
  let alphaMax = 0;
  for (const v of crossProduct(part)) alphaMax = Math.max(alphaMax, Math.abs(v));
  alphaMax /= part.n;
  const alphas = new Float64Array(nAlphas);
  // numpy.finfo(float).resolution: below it the grid is flat, as scikit-learn.
  if (alphaMax <= 1e-15) return alphas.fill(1e-15);
  const start = Math.log10(alphaMax * eps);
  const stop = Math.log10(alphaMax);
  const step = nAlphas > 1 ? (stop - start) / (nAlphas - 1) : 0;
  // numpy.linspace: start + i * step, the last value exactly stop; then reversed (largest first).
  for (let i = 0; i < nAlphas; i++) alphas[nAlphas - 1 - i] = 10 ** (i === nAlphas - 1 ? stop : i * step + start);
  return alphas;
}

/** One LASSO fit from w = 0 on the given rows (default all): scikit-learn's `Lasso(alpha).fit` with precompute=False. */
export function fitLasso(x: Matrix, y: Float64Array, alpha: number, cd: CdSettings, rows?: ArrayLike<number>): LassoFit {
  const part = centre(x, y, rows ?? allRows(x.rows));
  const { n, p } = part;
  const coef = new Float64Array(p);
  const res = lassoCoordinateDescent(coef, alpha * n, part.xc, part.yc, n, p, columnNorms2(part), new Float64Array(n), new Float64Array(p), cd.maxIter, cd.tol);
  let intercept = part.yMean;
  for (let j = 0; j < p; j++) intercept -= part.xMean[j] * coef[j];
  return { coef, intercept, dualGap: res.gap / n, iterations: res.iterations, converged: res.gap < cd.tol * sumOfSquares(part.yc) };
}

/**
 * scikit-learn's `KFold(k)` without shuffling: contiguous test blocks in row
 * order, the first n % k of size floor(n / k) + 1, the rest floor(n / k).
 * Returns the k + 1 block boundaries.
 */
export function kFoldBoundaries(n: number, k: number): Int32Array {
  const bounds = new Int32Array(k + 1);
  const base = Math.floor(n / k);
  for (let f = 0; f < k; f++) bounds[f + 1] = bounds[f] + base + (f < n % k ? 1 : 0);
  return bounds;
}

/**
 * Mean squared error of the LASSO path on each held-out fold, averaged over the
 * folds (scikit-learn's `LassoCV.mse_path_.mean(axis=1)`): for each fold, the path
 * over `alphas` (largest first) is fitted on the other folds with warm starts,
 * by the Gram form when the training rows outnumber the columns (precompute='auto').
 */
export interface LassoCvResult {
  /** Mean over folds of the held-out MSE, per alpha. */
  meanMse: Float64Array;
  /** Coordinate-descent sweeps done over all folds and alphas (the cost). */
  sweeps: number;
  /** (fold, alpha) fits that stopped at maxIter without reaching the tolerance (scikit-learn warns). */
  notConverged: number;
}

export function lassoCvMeanMse(x: Matrix, y: Float64Array, alphas: Float64Array, k: number, cd: CdSettings): LassoCvResult {
  const { rows: nAll, cols: p } = x;
  const bounds = kFoldBoundaries(nAll, k);
  const meanMse = new Float64Array(alphas.length);
  const xtr = new Float64Array(p);
  const trainRows = new Int32Array(nAll);
  let sweeps = 0;
  let notConverged = 0;
  for (let f = 0; f < k; f++) {
    const lo = bounds[f];
    const hi = bounds[f + 1];
    let nTrain = 0;
    for (let i = 0; i < nAll; i++) if (i < lo || i >= hi) trainRows[nTrain++] = i;
    const part = centre(x, y, trainRows.subarray(0, nTrain));
    const n = part.n;
    const useGram = n > p;
    const space = useGram ? gramSpace(part, cd.gramKernel) : undefined;
    const w = space ? space.w : new Float64Array(p);
    const yNorm2 = sumOfSquares(part.yc);
    const colNorm2 = useGram ? undefined : columnNorms2(part);
    const r = useGram ? undefined : new Float64Array(n);
    for (let a = 0; a < alphas.length; a++) {
      const l1 = alphas[a] * n;
      const res = useGram
        ? lassoCoordinateDescentGram(l1, space!, yNorm2, xtr, cd.maxIter, cd.tol)
        : lassoCoordinateDescent(w, l1, part.xc, part.yc, n, p, colNorm2!, r!, xtr, cd.maxIter, cd.tol);
      sweeps += res.iterations;
      if (!(res.gap < cd.tol * yNorm2)) notConverged++;
      let intercept = part.yMean;
      for (let j = 0; j < p; j++) intercept -= part.xMean[j] * w[j];
      let sse = 0;
      for (let i = lo; i < hi; i++) {
        let pred = intercept;
        for (let j = 0, base = i * p; j < p; j++) pred += x.data[base + j] * w[j];
        sse += (pred - y[i]) ** 2;
      }
      meanMse[a] += sse / (hi - lo);
    }
  }
  for (let a = 0; a < alphas.length; a++) meanMse[a] /= k;
  return { meanMse, sweeps, notConverged };
}

/** X'X and X'y of the centred part, in a new GramSpace (w = 0). */
function gramSpace(part: CentredPart, kernel?: GramKernel): GramSpace {
  const { n, p, xc } = part;
  const space = new GramSpace(p, kernel);
  space.xty.set(crossProduct(part));
  const g = space.gram;
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let s = 0;
      for (let i = 0, oa = a * n, ob = b * n; i < n; i++) s += xc[oa + i] * xc[ob + i];
      g[a * p + b] = s;
      g[b * p + a] = s;
    }
  }
  return space;
}

function crossProduct(part: CentredPart): Float64Array {
  const { n, p, xc, yc } = part;
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0, o = j * n; i < n; i++) s += xc[o + i] * yc[i];
    out[j] = s;
  }
  return out;
}
