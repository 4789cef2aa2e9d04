import { Matrix, Rng } from '@radsweep/core';

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
 * Reference: C.-J. Hsieh, K.-W. Chang, C.-J. Lin, S. S. Keerthi, S. Sundararajan, "A dual
 * coordinate descent method for large-scale linear SVM", ICML 2008; liblinear linear.cpp.
 */
export function fitLinearSvmDual(x: Matrix, y: Uint8Array, c: number, tol: number, maxIter: number, interceptScaling: number, rng: Rng): LinearSvm {
  const { rows: n, cols: p, data } = x;
  const diag = 0.5 / c;
  const alpha = new Float64Array(n);
  const w = new Float64Array(p);
  let wb = 0; // weight of the constant feature
  const qd = new Float64Array(n);
  const index = new Int32Array(n);
  const bb = interceptScaling * interceptScaling;
  for (let i = 0; i < n; i++) {
    let s = bb + diag;
    for (let j = 0; j < p; j++) s += data[i * p + j] * data[i * p + j];
    qd[i] = s;
    index[i] = i;
  }
  let active = n;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  for (let iter = 0; iter < maxIter; iter++) {
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let i = 0; i < active; i++) {
      const j = i + (rng.nextUint32() % (active - i)); // liblinear: i + rand() % (active - i)
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const si = y[i] ? 1 : -1;
      const o = i * p;
      const g = si * (rowDot(data, o, w, p) + wb * interceptScaling) - 1 + alpha[i] * diag;
      let pg = 0;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          // shrink: at the bound and unlikely to move
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        } else if (g < 0) pg = g;
      } else pg = g;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.max(old - g / qd[i], 0);
        const d = (alpha[i] - old) * si;
        rowAxpy(d, data, o, w, p);
        wb += d * interceptScaling;
      }
    }
    if (pgMax - pgMin <= tol) {
      if (active === n) break;
      // converged on the shrunk set: recheck every coordinate
      active = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    pgMinOld = pgMin >= 0 ? -Infinity : pgMin;
  }
  return { w, bias: wb * interceptScaling };
}

/**
 * data[o .. o+p) . w with four partial sums: the solver's time is this dot product, and one
 * running sum is bound by the add latency (the sum order only moves g by rounding).
 */
function rowDot(data: Float64Array, o: number, w: Float64Array, p: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < p; j += 4) {
    s0 += w[j] * data[o + j];
    s1 += w[j + 1] * data[o + j + 1];
    s2 += w[j + 2] * data[o + j + 2];
    s3 += w[j + 3] * data[o + j + 3];
  }
  for (; j < p; j++) s0 += w[j] * data[o + j];
  return s0 + s1 + (s2 + s3);
}

/** w += d * data[o .. o+p), unrolled by four. */
function rowAxpy(d: number, data: Float64Array, o: number, w: Float64Array, p: number): void {
  let j = 0;
  for (; j + 3 < p; j += 4) {
    w[j] += d * data[o + j];
    w[j + 1] += d * data[o + j + 1];
    w[j + 2] += d * data[o + j + 2];
    w[j + 3] += d * data[o + j + 3];
  }
  for (; j < p; j++) w[j] += d * data[o + j];
}
