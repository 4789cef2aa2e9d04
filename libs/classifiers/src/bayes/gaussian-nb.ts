import { Matrix } from '@radsweep/core';
import { BaseClassifier } from '../classifier';
import { ModelSpec } from '../model-spec';
import { classMeans, toFloat64, toNumbers } from '../linear/dense';
import { numpySum } from '../boosting/numpy-sum';

export interface GaussianNbParams {
  [k: string]: number;
  var_smoothing: number;
}

/**
 * Gaussian naive Bayes (scikit-learn `GaussianNB`).
 *
 * Per class k and feature j: mean theta_kj and population variance sigma2_kj + epsilon,
 * epsilon = var_smoothing * max_j Var(X_j) (variance of each whole training column,
 * population). Joint log-likelihood
 * jll_k(x) = log pi_k - 1/2 sum_j log(2 pi sigma2_kj) - 1/2 sum_j (x_j - theta_kj)^2 / sigma2_kj,
 * priors pi_k = class frequencies; P(y = 1 | x) = exp(jll_1 - logsumexp(jll_0, jll_1)).
 * Computed with scikit-learn's operations in its order, so that rows whose probabilities are equal
 * (or saturate at 0 or 1) in scikit-learn are equal here too and the AUC's ties are the same: both sums over
 * features are numpy's pairwise sums (`numpySum`), the squared deviation is divided by the variance,
 * log(prior) is added last, and the probability is exp(jll_1 - (log(sum exp(jll - max)) + max)) (scipy's logsumexp).
 *
 * Parameters: var_smoothing = 1e-9 (>= 0).
 * Reference: scikit-learn 1.2 sklearn/naive_bayes.py; T. F. Chan, G. H. Golub, R. J. LeVeque,
 * "Updating formulae and a pairwise algorithm for computing sample variances", 1979.
 */
export class GaussianNB extends BaseClassifier<GaussianNbParams> {
  readonly id = 'gaussian_nb';
  private theta: Float64Array[] = [];
  /** sigma2_kj + epsilon. */
  private variance: Float64Array[] = [];
  /** -1/2 sum_j log(2 pi sigma2_kj), and log pi_k. */
  private halfLogDet = [0, 0];
  private logPrior = [0, 0];

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    const { rows: n, cols: p, data } = x;
    const { counts, means } = classMeans(x, y);
    const colMean = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) colMean[j] += data[i * p + j];
    for (let j = 0; j < p; j++) colMean[j] /= n;
    const colVar = new Float64Array(p);
    const classVar = [new Float64Array(p), new Float64Array(p)];
    for (let i = 0; i < n; i++) {
      const m = means[y[i]];
      const v = classVar[y[i]];
      for (let j = 0; j < p; j++) {
        const xij = data[i * p + j];
        colVar[j] += (xij - colMean[j]) ** 2;
        v[j] += (xij - m[j]) ** 2;
      }
    }
    let maxVar = 0;
    for (let j = 0; j < p; j++) maxVar = Math.max(maxVar, colVar[j] / n);
    const epsilon = this.params.var_smoothing * maxVar;
    this.theta = means;
    this.variance = [new Float64Array(p), new Float64Array(p)];
    const terms = new Float64Array(p);
    for (let c = 0; c < 2; c++) {
      for (let j = 0; j < p; j++) {
        const s2 = classVar[c][j] / counts[c] + epsilon;
        this.variance[c][j] = s2;
        terms[j] = Math.log(2 * Math.PI * s2);
      }
      this.halfLogDet[c] = -0.5 * numpySum(terms, 0, p);
      this.logPrior[c] = Math.log(counts[c] / n);
    }
  }

  protected predictImpl(x: Matrix): Float64Array {
    const p = x.cols;
    const out = new Float64Array(x.rows);
    const terms = new Float64Array(p);
    const jll = [0, 0];
    for (let i = 0; i < x.rows; i++) {
      for (let c = 0; c < 2; c++) {
        const theta = this.theta[c];
        const variance = this.variance[c];
        for (let j = 0; j < p; j++) terms[j] = (x.data[i * p + j] - theta[j]) ** 2 / variance[j];
        jll[c] = this.logPrior[c] + (this.halfLogDet[c] - 0.5 * numpySum(terms, 0, p));
      }
      const max = Math.max(jll[0], jll[1]);
      const m = Number.isFinite(max) ? max : 0;
      const logProbX = Math.log(Math.exp(jll[0] - m) + Math.exp(jll[1] - m)) + m;
      out[i] = Math.exp(jll[1] - logProbX);
    }
    return out;
  }

  protected saveState(): unknown {
    return { theta: this.theta.map(toNumbers), variance: this.variance.map(toNumbers), halfLogDet: this.halfLogDet, logPrior: this.logPrior };
  }

  protected loadState(state: unknown): void {
    const s = state as { theta: number[][]; variance: number[][]; halfLogDet: number[]; logPrior: number[]; invVar?: number[][]; logConst?: number[] };
    this.theta = s.theta.map((a) => toFloat64(a, 'theta'));
    if (s.invVar && s.logConst) {
      // saved before the scikit-learn-order arithmetic: same model, probabilities equal to rounding
      this.variance = s.invVar.map((a) => toFloat64(a, 'invVar').map((v) => 1 / v));
      this.halfLogDet = [...s.logConst];
      this.logPrior = [0, 0];
      return;
    }
    this.variance = s.variance.map((a) => toFloat64(a, 'variance'));
    this.halfLogDet = [...s.halfLogDet];
    this.logPrior = [...s.logPrior];
  }
}

export const gaussianNbSpec: ModelSpec = {
  id: 'gaussian_nb',
  label: 'Gaussian Naive Bayes',
  sklearn: 'GaussianNB',
  defaults: { var_smoothing: 1e-9 },
  rules: { var_smoothing: { kind: 'number', min: 0 } },
  deterministic: true,
  notes: 'Priors are always the class frequencies (scikit-learn\'s `priors` parameter is not offered).',
  create: (params, seed) => new GaussianNB(params as GaussianNbParams, seed),
};
