import { Matrix } from '@radsweep/core';
import { BaseClassifier } from '../classifier';
import { ModelSpec } from '../model-spec';
import { sigmoid, toFloat64, toNumbers } from '../linear/dense';

export interface BernoulliNbParams {
  [k: string]: number | boolean | null;
  alpha: number;
  binarize: number | null;
  fit_prior: boolean;
}

/** scikit-learn 1.2 clips alpha below this (force_alpha=False) to avoid log(0). */
const ALPHA_MIN = 1e-10;

/**
 * Bernoulli naive Bayes (scikit-learn `BernoulliNB`).
 *
 * Features are binarised b_j = [x_j > binarize] (binarize null: the values are used as they
 * are, as scikit-learn does; meant for input that is already 0/1).
 * Per class k: theta_kj = (N_kj + alpha) / (N_k + 2 alpha) with N_kj the count of b_j = 1,
 * N_k the class size. jll_k(b) = log pi_k + sum_j [b_j log theta_kj + (1 - b_j) log(1 - theta_kj)],
 * pi_k = class frequency (fit_prior true) or 1/2 (fit_prior false);
 * P(y = 1 | x) = sigmoid(jll_1 - jll_0).
 *
 * Parameters: alpha = 1 (>= 0; values below 1e-10 clipped to 1e-10 as scikit-learn 1.2),
 * binarize = 0, fit_prior = true.
 * Reference: C. D. Manning, P. Raghavan, H. Schütze, Introduction to Information Retrieval,
 * 2008, §13.3; scikit-learn 1.2 sklearn/naive_bayes.py.
 */
export class BernoulliNB extends BaseClassifier<BernoulliNbParams> {
  readonly id = 'bernoulli_nb';
  /** log theta_1j - log(1 - theta_1j) - (log theta_0j - log(1 - theta_0j)): weight of b_j = 1. */
  private weight = new Float64Array(0);
  /** log pi_1 - log pi_0 + sum_j (log(1 - theta_1j) - log(1 - theta_0j)). */
  private bias = 0;

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    const { rows: n, cols: p } = x;
    const alpha = Math.max(this.params.alpha, ALPHA_MIN);
    const counts = [0, 0];
    const ones = [new Float64Array(p), new Float64Array(p)];
    const b = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      counts[y[i]]++;
      this.binarise(x, i, b);
      const o = ones[y[i]];
      for (let j = 0; j < p; j++) o[j] += b[j];
    }
    this.weight = new Float64Array(p);
    this.bias = this.params.fit_prior ? Math.log(counts[1] / n) - Math.log(counts[0] / n) : 0;
    for (let j = 0; j < p; j++) {
      const t1 = (ones[1][j] + alpha) / (counts[1] + 2 * alpha);
      const t0 = (ones[0][j] + alpha) / (counts[0] + 2 * alpha);
      this.weight[j] = Math.log(t1) - Math.log1p(-t1) - (Math.log(t0) - Math.log1p(-t0));
      this.bias += Math.log1p(-t1) - Math.log1p(-t0);
    }
  }

  /** Row i of x binarised into b (scikit-learn's `binarize`: strictly greater -> 1). */
  private binarise(x: Matrix, i: number, b: Float64Array): void {
    const t = this.params.binarize;
    const o = i * x.cols;
    for (let j = 0; j < x.cols; j++) b[j] = t === null ? x.data[o + j] : x.data[o + j] > t ? 1 : 0;
  }

  protected predictImpl(x: Matrix): Float64Array {
    const out = new Float64Array(x.rows);
    const b = new Float64Array(x.cols);
    for (let i = 0; i < x.rows; i++) {
      this.binarise(x, i, b);
      let s = this.bias;
      for (let j = 0; j < x.cols; j++) s += b[j] * this.weight[j];
      out[i] = sigmoid(s);
    }
    return out;
  }

  protected saveState(): unknown {
    return { weight: toNumbers(this.weight), bias: this.bias };
  }

  protected loadState(state: unknown): void {
    const s = state as { weight: number[]; bias: number };
    this.weight = toFloat64(s.weight, 'weight');
    this.bias = s.bias;
  }
}

export const bernoulliNbSpec: ModelSpec = {
  id: 'bernoulli_nb',
  label: 'Bernoulli Naive Bayes',
  sklearn: 'BernoulliNB',
  defaults: { alpha: 1, binarize: 0, fit_prior: true },
  rules: {
    alpha: { kind: 'number', min: 0 },
    binarize: { kind: 'number', nullable: true },
    fit_prior: { kind: 'boolean' },
  },
  deterministic: true,
  notes: "class_prior is not offered (priors are the class frequencies, or uniform with fit_prior false). alpha below 1e-10 is clipped to 1e-10, scikit-learn 1.2's behaviour with force_alpha left at its default.",
  create: (params, seed) => new BernoulliNB(params as BernoulliNbParams, seed),
};
