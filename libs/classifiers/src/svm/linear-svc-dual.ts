import { Matrix, Rng } from '@radsweep/core';
import { SvmDualKernelKind, createDualPassKernel, svmDualKernel } from './dual-pass-kernel';

/** A fitted linear SVM: decision(x) = x . w + bias. */
export interface LinearSvm {
  w: Float64Array;
  bias: number;
}

/**
 * L2-regularised, squared-hinge (L2-loss) linear SVM trained by dual coordinate descent,
 * as liblinear's `solve_l2r_l1l2_svc` (solver 1, scikit-learn `LinearSVC` defaults):
 *
 *   min_w  1/2 ||w~||^2 + C sum_i max(0, 1 - s_i w~ . x~_i)^2,  s_i = 2 y_i - 1,
 *
 * with x~ = [x, intercept_scaling] and w~ = [w, bias / intercept_scaling] (the intercept is
 * penalised, liblinear's convention). Dual: min_a 1/2 a'Qa - sum a, a >= 0,
 * Q_ij = s_i s_j x~_i . x~_j + delta_ij / (2C). Coordinates are visited in a random order
 * each pass, with liblinear's shrinking of coordinates stuck at the bound; stops when the
 * projected-gradient spread max PG - min PG <= tol over the whole set, or after maxIter passes.
 * Each pass is one call into a dual-pass kernel (dual-pass-kernel.ts: WebAssembly SIMD, or the
 * JS loop where SIMD is missing; the same bits); the shuffle between passes stays here.
 * Reference: C.-J. Hsieh, K.-W. Chang, C.-J. Lin, S. S. Keerthi, S. Sundararajan, "A dual
 * coordinate descent method for large-scale linear SVM", ICML 2008; liblinear linear.cpp.
 */
export function fitLinearSvmDual(
  x: Matrix, y: Uint8Array, c: number, tol: number, maxIter: number, interceptScaling: number, rng: Rng, kernel: SvmDualKernelKind = svmDualKernel(),
): LinearSvm {
  const { rows: n, cols: p, data } = x;
  const diag = 0.5 / c;
  const k = createDualPassKernel(kernel, n, p, diag, interceptScaling);
  const { index, qd, sign, stats } = k.arrays;
  k.arrays.x.set(data);
  const bb = interceptScaling * interceptScaling;
  for (let i = 0; i < n; i++) {
    let s = bb + diag;
    for (let j = 0; j < p; j++) s += data[i * p + j] * data[i * p + j];
    qd[i] = s;
    index[i] = i;
    sign[i] = y[i] ? 1 : -1;
  }
  let active = n;
  let pgMaxOld = Infinity;
  for (let iter = 0; iter < maxIter; iter++) {
    for (let i = 0; i < active; i++) {
      // liblinear: i + rand() % (active - i); both operands as uint32 so V8 takes its integer
      // remainder instead of the float64 one (a C call): the same j, about twice as fast
      const j = i + (((rng.nextUint32() >>> 0) % ((active - i) >>> 0)) >>> 0);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    active = k.pass(active, pgMaxOld);
    const pgMax = stats[1];
    const pgMin = stats[2];
    if (pgMax - pgMin <= tol) {
      if (active === n) break;
      // converged on the shrunk set: recheck every coordinate
      active = n;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
  }
  return { w: Float64Array.from(k.arrays.w), bias: stats[0] * interceptScaling };
}
