/**
 * Cyclic coordinate descent for the LASSO, scikit-learn's `cd_fast` (1.2) with
 * l1_ratio = 1: minimise (1/2) ||y - X w||^2 + l1 ||w||_1 on centred X and y
 * (the caller passes l1 = alpha * n, which is the (1/(2n)) scaling of Lasso).
 * One sweep updates w_j = S(X_j . r_j, l1) / ||X_j||^2 (S: soft threshold, r_j:
 * the residual without feature j) for j = 0..p-1 in order. After a sweep whose
 * largest change is below tol relative to the largest |w_j| (or the last sweep),
 * the duality gap is computed; the loop stops when it is below tol * ||y||^2.
 * `w` is the warm start and is updated in place. Reference: Friedman, Hastie &
 * Tibshirani, J. Stat. Softw. 33 (2010); scikit-learn sklearn/linear_model/_cd_fast.pyx.
 */

import { type GramSpace, softThreshold } from './gram-space';

export interface CdResult {
  /** Duality gap at the last check (unscaled, in the (1/2)||.||^2 objective). */
  gap: number;
  /** Sweeps done. */
  iterations: number;
}

/** Duality gap of the LASSO given X^T r (xtr), ||r||^2, r . y and ||w||_1; scikit-learn's formula with beta = 0. */
function dualityGap(xtr: Float64Array, p: number, rNorm2: number, rDotY: number, l1: number, w: Float64Array): number {
  let dualNorm = 0;
  for (let j = 0; j < p; j++) {
    const a = Math.abs(xtr[j]);
    if (a > dualNorm) dualNorm = a;
  }
  let scale = 1;
  let gap = rNorm2;
  if (dualNorm > l1) {
    scale = l1 / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * scale * scale);
  }
  let wL1 = 0;
  for (let j = 0; j < p; j++) wL1 += Math.abs(w[j]);
  return gap + l1 * wL1 - scale * rDotY;
}

/**
 * After a sweep: is it time to compute the duality gap? When the largest change of
 * the sweep is below tol relative to max |w_j|, when w = 0, or after the last sweep.
 */
function gapCheckDue(wMax: number, dwMax: number, tol: number, sweepsDone: number, maxIter: number): boolean {
  return wMax === 0 || dwMax / wMax < tol || sweepsDone === maxIter;
}

/**
 * Coordinate descent on the data: `xc` column-major centred n x p, `y` centred,
 * `colNorm2[j]` = ||X_j||^2. Workspaces `r` (n) and `xtr` (p) are overwritten.
 * (The sweep is written out in both forms, not shared through a callback: a call
 * per coordinate cost 1.4x in the path's time.)
 */
export function lassoCoordinateDescent(
  w: Float64Array,
  l1: number,
  xc: Float64Array,
  y: Float64Array,
  n: number,
  p: number,
  colNorm2: Float64Array,
  r: Float64Array,
  xtr: Float64Array,
  maxIter: number,
  tol: number,
): CdResult {
  // r = y - X w
  r.set(y);
  for (let j = 0; j < p; j++) {
    const wj = w[j];
    if (wj !== 0) for (let i = 0, o = j * n; i < n; i++) r[i] -= wj * xc[o + i];
  }
  let yNorm2 = 0;
  for (let i = 0; i < n; i++) yNorm2 += y[i] * y[i];
  const gapTol = tol * yNorm2;
  let gap = gapTol + 1;
  let sweeps = 0;
  while (sweeps < maxIter) {
    let wMax = 0;
    let dwMax = 0;
    for (let j = 0; j < p; j++) {
      if (colNorm2[j] === 0) continue;
      const o = j * n;
      const old = w[j];
      // X_j . r_j with r_j = r + w_j X_j, the residual without feature j.
      let dot = 0;
      if (old !== 0) {
        for (let i = 0; i < n; i++) {
          r[i] += old * xc[o + i];
          dot += xc[o + i] * r[i];
        }
      } else for (let i = 0; i < n; i++) dot += xc[o + i] * r[i];
      const wj = softThreshold(dot, l1, colNorm2[j]);
      w[j] = wj;
      if (wj !== 0) for (let i = 0; i < n; i++) r[i] -= wj * xc[o + i];
      dwMax = Math.max(dwMax, Math.abs(wj - old));
      wMax = Math.max(wMax, Math.abs(wj));
    }
    sweeps++;
    if (!gapCheckDue(wMax, dwMax, tol, sweeps, maxIter)) continue;
    let rNorm2 = 0;
    let rDotY = 0;
    for (let i = 0; i < n; i++) {
      rNorm2 += r[i] * r[i];
      rDotY += r[i] * y[i];
    }
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0, o = j * n; i < n; i++) s += xc[o + i] * r[i];
      xtr[j] = s;
    }
    gap = dualityGap(xtr, p, rNorm2, rDotY, l1, w);
    if (gap < gapTol) break;
  }
  return { gap, iterations: sweeps };
}

/**
 * The same descent on the Gram matrix (scikit-learn's `enet_coordinate_descent_gram`,
 * used when n > p): `space` holds G = X'X, X'y and the warm start w (updated in
 * place), all centred; `yNorm2` = ||y||^2. `space.h` and the workspace `xtr` (p)
 * are overwritten. With the WebAssembly kernel the loop below runs inside it
 * (`GramSpace.descend`, the same operations in the same order); this JavaScript
 * loop is its specification and the fallback.
 */
export function lassoCoordinateDescentGram(l1: number, space: GramSpace, yNorm2: number, xtr: Float64Array, maxIter: number, tol: number): CdResult {
  const { p, h, w, xty, stats } = space;
  space.resetH();
  const inKernel = space.descend(l1, yNorm2, maxIter, tol);
  if (inKernel) return inKernel;
  const gapTol = tol * yNorm2;
  let gap = gapTol + 1;
  let sweeps = 0;
  while (sweeps < maxIter) {
    space.sweep(l1);
    sweeps++;
    if (!gapCheckDue(stats[0], stats[1], tol, sweeps, maxIter)) continue;
    let qDotW = 0;
    let wDotH = 0;
    for (let j = 0; j < p; j++) {
      xtr[j] = xty[j] - h[j];
      qDotW += w[j] * xty[j];
      wDotH += w[j] * h[j];
    }
    // ||y - Xw||^2 = ||y||^2 + w'X'Xw - 2 w'X'y, and r . y = ||y||^2 - w'X'y
    gap = dualityGap(xtr, p, yNorm2 + wDotH - 2 * qDotW, yNorm2 - qDotW, l1, w);
    if (gap < gapTol) break;
  }
  return { gap, iterations: sweeps };
}
