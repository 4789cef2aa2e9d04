import { Matrix } from '@radsweep/core';
import { ModelSpec } from '../model-spec';
import { choleskyInPlace, choleskySolveInPlace, dot, log1pExp, sigmoid } from './dense';
import { SigmoidLinearClassifier } from './sigmoid-linear-classifier';

export interface LogisticRegressionParams {
  [k: string]: number | boolean;
  C: number;
  max_iter: number;
  tol: number;
  fit_intercept: boolean;
}

/** Above this many coefficients the Newton system is solved by conjugate gradients instead of Cholesky. */
const CHOLESKY_MAX_COEFS = 300;

/**
 * L2-penalised logistic regression (scikit-learn `LogisticRegression(penalty='l2')`).
 *
 * Minimises  sum_i log(1 + exp(-s_i (x_i . w + b))) + ||w||^2 / (2 C),  s_i = 2 y_i - 1,
 * the intercept b unpenalised; P(y = 1 | x) = sigmoid(x . w + b).
 *
 * scikit-learn 1.2 reaches this optimum with L-BFGS (stop when max |gradient| <= tol).
 * The objective is strictly convex, so any exact solver lands on the same point: here
 * damped Newton (Armijo backtracking), the Newton system solved by Cholesky for
 * <= 300 coefficients and by Jacobi-preconditioned conjugate gradients (Hessian-vector
 * products, never forming X'DX) for wider data. It stops at max |gradient| <= tol / 1000,
 * i.e. closer to the optimum than L-BFGS's stop, or once the Newton decrement says the
 * remaining decrease of the objective is below its float64 rounding unit (the gradient cannot
 * be pushed lower there), or after `max_iter` Newton steps.
 *
 * Parameters: C = 1 (inverse penalty strength, > 0), max_iter = 1000, tol = 1e-4,
 * fit_intercept = true.
 * Reference: Hastie, Tibshirani, Friedman, The Elements of Statistical Learning, 2nd ed., §4.4.1
 * (Newton / IRLS); Nocedal & Wright, Numerical Optimization, 2nd ed., §7.1 (Newton-CG).
 */
export class LogisticRegression extends SigmoidLinearClassifier<LogisticRegressionParams> {
  readonly id = 'logistic_regression';
  /** Newton steps taken by the last fit (scikit-learn's n_iter_); not part of the saved state. */
  nIter = 0;

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    const { rows: n, cols: p, data } = x;
    const q = p + 1; // coefficients, then the intercept
    const invC = 1 / this.params.C;
    const withIntercept = this.params.fit_intercept;
    const theta = new Float64Array(q);
    const trial = new Float64Array(q);
    const grad = new Float64Array(q);
    const dir = new Float64Array(q);
    const weight = new Float64Array(n); // p_i (1 - p_i), the Newton weights
    const hessian = q <= CHOLESKY_MAX_COEFS ? new Float64Array(q * q) : null;
    const cg = hessian ? null : new ConjugateGradientWork(n, q);
    const gtol = this.params.tol / 1000;

    const objective = (t: Float64Array): number => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const z = dot(data, i * p, t, 0, p) + t[p];
        f += log1pExp(y[i] ? -z : z);
      }
      let ww = 0;
      for (let j = 0; j < p; j++) ww += t[j] * t[j];
      return f + 0.5 * invC * ww;
    };

    let f = objective(theta);
    this.nIter = 0;
    for (let iter = 0; iter < this.params.max_iter; iter++) {
      // gradient X'(p - y) + w / C and Newton weights
      grad.fill(0);
      for (let i = 0; i < n; i++) {
        const pr = sigmoid(dot(data, i * p, theta, 0, p) + theta[p]);
        const r = pr - y[i];
        weight[i] = pr * (1 - pr);
        const o = i * p;
        for (let j = 0; j < p; j++) grad[j] += r * data[o + j];
        grad[p] += r;
      }
      for (let j = 0; j < p; j++) grad[j] += invC * theta[j];
      if (!withIntercept) grad[p] = 0;
      let gmax = 0;
      for (let j = 0; j < q; j++) gmax = Math.max(gmax, Math.abs(grad[j]));
      if (gmax <= gtol) break;

      if (hessian) newtonByCholesky(x, weight, invC, withIntercept, grad, hessian, dir);
      else cg!.solve(x, weight, invC, withIntercept, grad, dir);

      // Armijo backtracking along the Newton direction
      const slope = dot(grad, 0, dir, 0, q);
      // -slope / 2 is the Newton estimate of f - f*: below f's rounding unit the optimum is
      // as exact as float64 can tell (ill-conditioned Hessians with large C keep the gradient
      // at a floor of ~ lambda_max(H) * ulp(theta), which can sit above tol / 1000)
      const atRoundingFloor = -0.5 * slope <= Number.EPSILON * Math.abs(f);
      let step = 1;
      let accepted = false;
      for (let k = 0; k < 60; k++) {
        for (let j = 0; j < q; j++) trial[j] = theta[j] + step * dir[j];
        const ft = objective(trial);
        if (ft <= f + 1e-4 * step * slope) {
          theta.set(trial);
          f = ft;
          accepted = true;
          this.nIter++;
          break;
        }
        step *= 0.5;
      }
      if (!accepted || atRoundingFloor) break; // no decrease representable in float64: at the optimum
    }
    this.coef = theta.slice(0, p);
    this.intercept = theta[p];
  }
}

/** Solves H d = -g with H = [X 1]' D [X 1] + diag(1/C, ..., 1/C, 0) by Cholesky. */
function newtonByCholesky(x: Matrix, weight: Float64Array, invC: number, withIntercept: boolean, grad: Float64Array, h: Float64Array, dir: Float64Array): void {
  const { rows: n, cols: p, data } = x;
  const q = p + 1;
  h.fill(0);
  for (let i = 0; i < n; i++) {
    const w = weight[i];
    const o = i * p;
    for (let a = 0; a < p; a++) {
      const wa = w * data[o + a];
      const row = a * q;
      for (let b = 0; b <= a; b++) h[row + b] += wa * data[o + b];
      h[row + p] += wa;
    }
    h[p * q + p] += w;
  }
  for (let a = 0; a < p; a++) {
    h[a * q + a] += invC;
    h[p * q + a] = h[a * q + p];
    for (let b = 0; b < a; b++) h[b * q + a] = h[a * q + b];
  }
  if (!withIntercept) {
    for (let a = 0; a < p; a++) h[a * q + p] = h[p * q + a] = 0;
    h[p * q + p] = 1;
  }
  for (let j = 0; j < q; j++) dir[j] = -grad[j];
  let jitter = 0;
  const saved = h.slice();
  while (!choleskyInPlace(h, q)) {
    // only reachable when every p_i (1 - p_i) underflows: regularise the intercept pivot
    jitter = jitter === 0 ? 1e-10 : jitter * 10;
    h.set(saved);
    for (let j = 0; j < q; j++) h[j * q + j] += jitter;
  }
  choleskySolveInPlace(h, q, dir);
}

/** Buffers and the Jacobi-preconditioned CG solve of the Newton system, for wide data. */
class ConjugateGradientWork {
  private readonly r: Float64Array;
  private readonly z: Float64Array;
  private readonly d: Float64Array;
  private readonly hd: Float64Array;
  private readonly precond: Float64Array;
  private readonly xv: Float64Array;

  constructor(n: number, q: number) {
    this.r = new Float64Array(q);
    this.z = new Float64Array(q);
    this.d = new Float64Array(q);
    this.hd = new Float64Array(q);
    this.precond = new Float64Array(q);
    this.xv = new Float64Array(n);
  }

  solve(x: Matrix, weight: Float64Array, invC: number, withIntercept: boolean, grad: Float64Array, out: Float64Array): void {
    const { rows: n, cols: p, data } = x;
    const q = p + 1;
    const { r, z, d, hd, precond, xv } = this;
    precond.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let j = 0; j < p; j++) precond[j] += weight[i] * data[o + j] * data[o + j];
      precond[p] += weight[i];
    }
    for (let j = 0; j < p; j++) precond[j] += invC;
    if (!withIntercept) precond[p] = 1;
    for (let j = 0; j < q; j++) precond[j] = precond[j] > 0 ? 1 / precond[j] : 1;

    const hessTimes = (v: Float64Array, res: Float64Array) => {
      for (let i = 0; i < n; i++) xv[i] = weight[i] * (dot(data, i * p, v, 0, p) + (withIntercept ? v[p] : 0));
      res.fill(0);
      for (let i = 0; i < n; i++) {
        const o = i * p;
        const s = xv[i];
        for (let j = 0; j < p; j++) res[j] += s * data[o + j];
        res[p] += s;
      }
      for (let j = 0; j < p; j++) res[j] += invC * v[j];
      if (!withIntercept) res[p] = v[p];
    };

    out.fill(0);
    let gnorm = 0;
    for (let j = 0; j < q; j++) {
      r[j] = -grad[j];
      gnorm += grad[j] * grad[j];
    }
    gnorm = Math.sqrt(gnorm);
    const target = Math.min(0.1, Math.sqrt(gnorm)) * gnorm; // inexact Newton forcing term
    for (let j = 0; j < q; j++) d[j] = z[j] = precond[j] * r[j];
    let rz = dot(r, 0, z, 0, q);
    for (let it = 0; it < 5 * q; it++) {
      hessTimes(d, hd);
      const alpha = rz / dot(d, 0, hd, 0, q);
      let rr = 0;
      for (let j = 0; j < q; j++) {
        out[j] += alpha * d[j];
        r[j] -= alpha * hd[j];
        rr += r[j] * r[j];
      }
      if (Math.sqrt(rr) <= target) break;
      for (let j = 0; j < q; j++) z[j] = precond[j] * r[j];
      const rzNew = dot(r, 0, z, 0, q);
      const beta = rzNew / rz;
      rz = rzNew;
      for (let j = 0; j < q; j++) d[j] = z[j] + beta * d[j];
    }
  }
}

export const logisticRegressionSpec: ModelSpec = {
  id: 'logistic_regression',
  label: 'Logistic Regression',
  sklearn: 'LogisticRegression',
  defaults: { C: 1, max_iter: 1000, tol: 1e-4, fit_intercept: true },
  rules: {
    C: { kind: 'number', min: 0, exclusiveMin: true },
    max_iter: { kind: 'number', min: 1, integer: true },
    tol: { kind: 'number', min: 0, exclusiveMin: true },
    fit_intercept: { kind: 'boolean' },
  },
  deterministic: true,
  notes:
    'L2 penalty only. Solved by damped Newton (Cholesky up to 300 coefficients, conjugate gradients above) to max |gradient| <= tol/1000 instead of L-BFGS to max |gradient| <= tol: the same (unique) optimum, reached more exactly; max_iter counts Newton steps.',
  parityExceptions: [
    ...(['all', 'clinical', 'low15'] as const).map((fs) => ({
      reference: `wdbc-tied-plain-${fs}`,
      aucTolerance: 1e-9,
      probabilityTolerance: 1e-4,
      reason:
        "Probabilities differ by up to 2.1e-5 (AUC identical): scikit-learn's L-BFGS stops before the optimum; ours is nearer it. On wdbc-tied-plain-all our penalised objective is 33.80145467514 vs scikit-learn's 33.80145475317 at its coefficients (lower by 7.8e-8), and scikit-learn with tol=1e-12 stops at the same iterate (36 iterations; scipy's ftol stop), so no setting of scikit-learn reaches the exact optimum to compare with.",
    })),
    // The seed sweeps (tests/parity/seed-sweep-parity.test.ts): gaps measured 2026-12-04, bounds to be lowered, never raised.
    ...([
      ['wdbc-sweep', 2e-4, '1.0e-4'], ['crlm-synthetic-radiomics-sweep', 2e-5, '7.8e-6'], ['crlm-synthetic-radiomics-clinical-sweep', 2e-5, '4.8e-6'],
      // The tied cohort's sweeps (tests/parity/tied-sweep-parity.test.ts), measured 2026-12-04.
      ['wdbc-tied-sweep-all', 5e-5, '1.9e-5'], ['wdbc-tied-sweep-clinical', 1e-6, '2.3e-7'], ['wdbc-tied-sweep-low15', 1e-4, '5.1e-5'],
    ] as const).map(([reference, probabilityTolerance, gap]) => ({
      reference,
      aucTolerance: 1e-12,
      probabilityTolerance,
      reason: `Max |p diff| ${gap}, test and CV AUC identical: scikit-learn's lbfgs stops at its tol before the optimum, ours (damped Newton to tol/1000) nearer it, so the two stopping points differ slightly (see the tied-plain exceptions for the objective values).`,
    })),
  ],
  create: (params, seed) => new LogisticRegression(params as LogisticRegressionParams, seed),
};
