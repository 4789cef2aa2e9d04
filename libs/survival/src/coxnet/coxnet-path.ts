import { Matrix, RadSweepInputError, toColumnMajor } from '@radsweep/core';
import { glmnetLogLik, glmnetRiskGroups, workingResponse } from './glmnet-risk-groups';

export interface CoxnetOptions {
  /** Elastic-net mixing: 1 = LASSO, 0 = ridge. */
  alpha: number;
  /** Penalties to fit, any order (solved largest first, each warm-started from the previous). Empty: glmnet's own path. */
  lambdas?: readonly number[];
  nlambda: number;
  /** Smallest lambda of glmnet's path as a fraction of lambda_max (glmnet: 1e-4 when n >= p, else 0.01). */
  lambdaMinRatio?: number;
  /** Coordinate-descent convergence: max_j v_j (change of beta_j)^2 < thresh * null deviance / 2. */
  thresh: number;
  /** Most passes over the data, all lambdas together. */
  maxit: number;
  standardize: boolean;
}

export interface CoxnetPath {
  /** The penalties solved, decreasing (glmnet's `fit$lambda`, the first of its own path extrapolated as glmnet reports it). */
  lambdas: Float64Array;
  /** Coefficients on the original covariate scale, one Float64Array of length p per lambda. */
  coefs: Float64Array[];
  /** Fraction of the null deviance explained at each lambda (glmnet's `dev.ratio`). */
  devRatio: Float64Array;
  /** lambda_max: the smallest penalty giving all-zero coefficients (for alpha > 0). */
  lambdaMax: number;
}

// glmnet's internal constants (get_int_parms): fdev, min flmin, "infinite" lambda, min path length, devmax
const FDEV = 1e-5 * 100;
const MIN_FLMIN = 1e-6;
const BIG = 9.9e35;
const MIN_LAMBDAS = 5;
// (the Fortran writes some of these as single-precision literals: Math.fround keeps its values)
const DEV_MAX = (Math.fround(0.999) * Math.fround(0.99)) / Math.fround(0.999);
const F_MAX = Math.log(Number.MAX_VALUE * 0.1);

/**
 * Elastic-net penalised Cox regression by cyclic coordinate descent, as glmnet 4.1's Fortran
 * `coxnet` solves `glmnet(x, Surv(time, event), family = "cox")` (Simon, Friedman, Hastie &
 * Tibshirani, J Stat Softw 2011;39(5)). It minimises
 *
 *   -(1/n) loglik_Breslow(beta) + lambda [ (1 - alpha) ||beta||^2 / 2 + alpha ||beta||_1 ]
 *
 * on covariates centred and scaled to unit population sd (standardize = true), coefficients
 * reported on the original scale. Each outer step replaces the loss by its quadratic
 * approximation in the linear predictor with the Hessian's diagonal (`workingResponse`); inner
 * passes sweep the strong-rule set, then the active set, until no coefficient moves by more than
 * the threshold; variables the strong rule left out are checked against the KKT condition after
 * convergence. The same passes, order, warm starts and stopping rules as glmnet, so its numbers
 * (not only its optimum) come out, including its tie-order-dependent risk sets (`glmnetRiskGroups`).
 */
export function coxnetPath(x: Matrix, time: Float64Array, event: Uint8Array, opts: CoxnetOptions, where = 'lasso_cox'): CoxnetPath {
  const { rows: n, cols: p } = x;
  const alpha = opts.alpha;
  const q = new Float64Array(n).fill(1 / n);
  const xc = toColumnMajor(x);
  const usable = new Uint8Array(p);
  const xs = new Float64Array(p).fill(1);
  for (let j = 0; j < p; j++) {
    const c = xc.subarray(j * n, (j + 1) * n);
    usable[j] = c.some((v) => v !== c[0]) ? 1 : 0;
    if (!usable[j]) continue;
    let m = 0;
    for (let i = 0; i < n; i++) m += q[i] * c[i];
    for (let i = 0; i < n; i++) c[i] -= m;
    if (opts.standardize) {
      let ss = 0;
      for (let i = 0; i < n; i++) ss += q[i] * c[i] * c[i];
      xs[j] = Math.sqrt(ss);
      for (let i = 0; i < n; i++) c[i] /= xs[j];
    }
  }
  if (!usable.some((u) => u)) throw new RadSweepInputError('every covariate is constant', `${where}.x`);

  const groups = glmnetRiskGroups(time, event, q, `${where}.event`);
  const dq = new Float64Array(n);
  for (let i = 0; i < n; i++) dq[i] = event[i] * q[i];
  const f = new Float64Array(n);
  const e = q.slice();
  const w = new Float64Array(n);
  const wr = new Float64Array(n);
  const r0 = glmnetLogLik(groups, dq, f, e);
  let sumDkLogDk = 0;
  for (const d of groups.deaths) if (d > 0) sumDkLogDk += d * Math.log(d);
  const nullDev = -(sumDkLogDk + r0);
  workingResponse(groups, dq, e, w, wr, where);
  const colDot = (v: Float64Array, j: number) => {
    let s = 0;
    const o = j * n;
    for (let i = 0; i < n; i++) s += v[i] * xc[o + i];
    return s;
  };

  const userLambdas = opts.lambdas && opts.lambdas.length > 0 ? [...opts.lambdas].sort((a, b) => b - a) : null;
  const nlam = userLambdas ? userLambdas.length : opts.nlambda;
  const flmin = userLambdas ? 1 : (opts.lambdaMinRatio ?? (n < p ? 1e-2 : 1e-4));
  // the exponent 1.0 / (nlam - 1) is single precision in glmnet's Fortran
  const alf = flmin < 1 ? Math.max(MIN_FLMIN, flmin) ** Math.fround(1 / (nlam - 1)) : 1;
  const cthr = opts.thresh * nullDev;
  const beta = new Float64Array(p);
  const saved = new Float64Array(p);
  const v = new Float64Array(p);
  const ga = new Float64Array(p);
  const strong = new Uint8Array(p);
  const inActive = new Uint8Array(p);
  const active: number[] = [];
  for (let j = 0; j < p; j++) if (usable[j]) ga[j] = Math.abs(colDot(wr, j));
  let lambdaMax = 0;
  for (let j = 0; j < p; j++) if (usable[j]) lambdaMax = Math.max(lambdaMax, ga[j]);
  lambdaMax /= Math.max(alpha, 1e-3);

  const lambdas: number[] = [];
  const coefs: Float64Array[] = [];
  const devRatio: number[] = [];
  let passes = 0;
  let al = 0;
  const tooMany = () => new RadSweepInputError(`coordinate descent did not converge within maxit = ${opts.maxit} passes`, `${where}.maxit`);

  /** One coordinate update of beta_j at penalty (l1, l2); returns v_j (change)^2. */
  const update = (j: number, l1: number, l2: number): number => {
    const u = beta[j] * v[j] + colDot(wr, j);
    const at = Math.abs(u) <= l1 ? 0 : (Math.sign(u) * (Math.abs(u) - l1)) / (v[j] + l2);
    if (at === beta[j]) return 0;
    const del = at - beta[j];
    beta[j] = at;
    const o = j * n;
    for (let i = 0; i < n; i++) {
      wr[i] -= del * w[i] * xc[o + i];
      f[i] += del * xc[o + i];
    }
    if (!inActive[j]) {
      inActive[j] = 1;
      active.push(j);
    }
    return v[j] * del * del;
  };

  for (let ilm = 0; ilm < nlam; ilm++) {
    let al0 = al;
    if (userLambdas) al = userLambdas[ilm];
    else if (ilm >= 2) al *= alf;
    else if (ilm === 0) al = BIG;
    else {
      al0 = lambdaMax;
      al = alf * al0;
    }
    const l1 = alpha * al;
    const l2 = (1 - alpha) * al;
    const tlam = alpha * (2 * al - al0);
    for (let j = 0; j < p; j++) if (!strong[j] && usable[j] && ga[j] > tlam) strong[j] = 1;

    for (;;) {
      if (passes > opts.maxit) throw tooMany();
      for (const j of active) saved[j] = beta[j];
      for (let j = 0; j < p; j++) {
        if (!strong[j]) continue;
        let s = 0;
        const o = j * n;
        for (let i = 0; i < n; i++) s += w[i] * xc[o + i] * xc[o + i];
        v[j] = s;
      }
      // inner: a sweep over the strong set, then sweeps over the active set until they settle
      for (;;) {
        passes++;
        let dli = 0;
        for (let j = 0; j < p; j++) if (strong[j]) dli = Math.max(dli, update(j, l1, l2));
        if (dli < cthr) break;
        if (passes > opts.maxit) throw tooMany();
        for (;;) {
          passes++;
          let dla = 0;
          for (const j of active) dla = Math.max(dla, update(j, l1, l2));
          if (dla < cthr) break;
          if (passes > opts.maxit) throw tooMany();
        }
      }
      for (let i = 0; i < n; i++) {
        const fi = f[i];
        e[i] = q[i] * Math.exp(Math.sign(fi) * Math.min(Math.abs(fi), F_MAX));
      }
      workingResponse(groups, dq, e, w, wr, where);
      let moved = active.some((j) => v[j] * (beta[j] - saved[j]) ** 2 >= cthr);
      if (!moved) {
        for (let j = 0; j < p; j++) {
          if (strong[j] || !usable[j]) continue;
          ga[j] = Math.abs(colDot(wr, j));
          if (ga[j] > l1) {
            strong[j] = 1;
            moved = true;
          }
        }
        if (!moved) break;
      }
    }
    lambdas.push(al);
    coefs.push(beta.map((b, j) => (usable[j] ? b / xs[j] : 0)));
    devRatio.push((glmnetLogLik(groups, dq, f, e) - r0) / nullDev);
    if (userLambdas || ilm + 1 < MIN_LAMBDAS) continue;
    const nonzero = beta.reduce((c, b) => c + (b !== 0 ? 1 : 0), 0);
    const last = devRatio.length - 1;
    if (nonzero > p + 1) break;
    if ((devRatio[last] - devRatio[last - MIN_LAMBDAS + 1]) / devRatio[last] < FDEV) break;
    if (devRatio[last] > DEV_MAX) break;
  }
  // glmnet reports its first path lambda (internally "infinite") extrapolated from the next two
  if (!userLambdas && lambdas.length > 2) lambdas[0] = Math.exp(2 * Math.log(lambdas[1]) - Math.log(lambdas[2]));
  return { lambdas: Float64Array.from(lambdas), coefs, devRatio: Float64Array.from(devRatio), lambdaMax };
}
