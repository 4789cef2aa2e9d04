import { describe, expect, it } from 'vitest';
import { Matrix, Rng, matrix } from '@radsweep/core';
import { Classifier, createClassifier } from '@radsweep/classifiers';
import { shrunkCovariance } from '../../libs/classifiers/src/linear/shrunk-covariance';
import { LogisticRegression } from '../../libs/classifiers/src/linear/logistic-regression';
import { aucMannWhitney, plainFixture } from '../support/shared';
import { expectSklearnProbabilities, fitPredict, sklearnProbabilities } from './sklearn-predictions';

const fixtures = { wdbc: plainFixture('wdbc'), crlm: plainFixture('crlm') };
const logit = (p: number) => Math.log(p) - Math.log1p(-p);

/**
 * max |gradient| of sum log-loss + ||w||^2 / (2C) at a fitted model's saved coefficients:
 * X'(p - y) + w / C, and sum(p - y) for the intercept (which must be finite).
 */
function maxLogisticGradient(m: Classifier, x: Matrix, y: Uint8Array, C: number): number {
  const { coef, intercept } = (m.toJSON().state as any).model as { coef: number[]; intercept: number };
  expect(Number.isFinite(intercept)).toBe(true);
  const prob = m.predictProba(x);
  const p = x.cols;
  let gb = 0;
  const g = coef.map((w) => w / C);
  for (let i = 0; i < x.rows; i++) {
    const r = prob[i] - y[i];
    gb += r;
    for (let j = 0; j < p; j++) g[j] += r * x.data[i * p + j];
  }
  return Math.max(Math.abs(gb), ...g.map(Math.abs));
}

describe('logistic regression vs scikit-learn 1.2', () => {
  // scikit-learn's L-BFGS stops at max |gradient| <= 1e-4; our Newton goes further: ~5e-5 apart
  for (const [name, fx] of Object.entries(fixtures)) {
    it(`${name}: test probabilities within 1e-4 of scikit-learn's`, () => expectSklearnProbabilities(fx, 'logistic_regression', 1e-4));
  }

  it('wide data (conjugate-gradient path, 401 coefficients): the saved coefficients satisfy the optimality condition', () => {
    const rng = new Rng(3);
    const n = 60, p = 400, C = 0.5;
    const x = matrix(n, p);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() + (y[i] && j < 5 ? 0.8 : 0);
    }
    const m = createClassifier('logistic_regression', { C }, 1).fit(x, y);
    expect(maxLogisticGradient(m, x, y, C)).toBeLessThan(1e-6);
  });
});

describe('logistic regression stopping', () => {
  it('stops once the Newton decrement is below the objective rounding unit, at the optimum, even when tol/1000 is out of float64 reach', () => {
    const rng = new Rng(7);
    const n = 300, p = 6, C = 10;
    const x = matrix(n, p);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.next() < 0.5 ? 1 : 0;
      for (let j = 0; j < p; j++) x.data[i * p + j] = 3 * rng.normal() + (y[i] && j < 2 ? 1 : 0);
    }
    // gradient target tol / 1000 = 1e-33: unreachable, so only the rounding-floor rule can stop it
    const m = new LogisticRegression({ C, max_iter: 1000, tol: 1e-30, fit_intercept: true }, 1).fit(x, y);
    expect(m.nIter).toBeLessThan(30);
    expect(maxLogisticGradient(m, x, y, C)).toBeLessThan(1e-9);
  });
});

describe('LDA vs scikit-learn 1.2', () => {
  for (const [name, fx] of Object.entries(fixtures)) {
    it(`${name}: svd solver probabilities within 1e-9 of scikit-learn's`, () => expectSklearnProbabilities(fx, 'lda', 1e-9));
  }

  it("wdbc: lsqr without shrinkage is the svd solver's discriminant scaled by n / (n - 2) (pooled covariance divisor n vs n - 2)", () => {
    const fx = fixtures.wdbc;
    const n = fx.yTrain.length;
    const pos = fx.yTrain.reduce((s, v) => s + v, 0);
    const logPriorRatio = Math.log(pos / (n - pos));
    const svd = fitPredict(fx, 'lda', { solver: 'svd' });
    const lsqr = fitPredict(fx, 'lda', { solver: 'lsqr' });
    svd.forEach((p, i) => {
      const expected = (n / (n - 2)) * (logit(p) - logPriorRatio) + logPriorRatio;
      expect(logit(lsqr[i])).toBeCloseTo(expected, 6);
    });
  });

  it('lsqr with Ledoit-Wolf shrinkage fits both data sets (crlm has collinear columns)', () => {
    for (const fx of Object.values(fixtures)) {
      const p = fitPredict(fx, 'lda', { solver: 'lsqr', shrinkage: 'auto' });
      for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    }
    expect(aucMannWhitney(fixtures.wdbc.yTest, fitPredict(fixtures.wdbc, 'lda', { solver: 'lsqr', shrinkage: 'auto' }))).toBeGreaterThan(0.98);
  });
});

describe('Ledoit-Wolf shrunk covariance', () => {
  it("equals the textbook estimator (Ledoit & Wolf 2004, Lemma 3.2-3.4) on standardised data, rescaled", () => {
    const rng = new Rng(9);
    const n = 25, p = 6;
    const x = matrix(n, p);
    for (let i = 0; i < n; i++) {
      const common = rng.normal();
      for (let j = 0; j < p; j++) x.data[i * p + j] = (j + 1) * (common + rng.normal()) + j;
    }
    // independent computation: standardise, S = Z'Z/n, m = tr(S)/p, d2 = ||S - mI||^2/p,
    // b2bar = (1/n^2) sum_i ||z_i z_i' - S||^2 / p, b2 = min(b2bar, d2), shrinkage = b2 / d2
    const mean = new Array(p).fill(0), sd = new Array(p).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += x.data[i * p + j] / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sd[j] += (x.data[i * p + j] - mean[j]) ** 2 / n;
    const z = Array.from({ length: n }, (_, i) => Array.from({ length: p }, (_, j) => (x.data[i * p + j] - mean[j]) / Math.sqrt(sd[j])));
    const s = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => z.reduce((t, r) => t + r[a] * r[b], 0) / n));
    const m = s.reduce((t, r, a) => t + r[a], 0) / p;
    let d2 = 0, b2bar = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) d2 += (s[a][b] - (a === b ? m : 0)) ** 2 / p;
    for (const r of z) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) b2bar += (r[a] * r[b] - s[a][b]) ** 2 / p / n / n;
    const shrink = Math.min(b2bar, d2) / d2;
    const got = shrunkCovariance(x, 'auto');
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const expected = ((1 - shrink) * s[a][b] + (a === b ? shrink * m : 0)) * Math.sqrt(sd[a] * sd[b]);
        expect(got[a * p + b]).toBeCloseTo(expected, 10);
      }
    }
  });
});

describe('QDA vs scikit-learn 1.2', () => {
  it('wdbc (both classes have more rows than features): probabilities within 1e-9 of scikit-learn\'s', () =>
    expectSklearnProbabilities(fixtures.wdbc, 'qda', 1e-9));

  it('crlm (29 positives < 107 features): log-odds close to scikit-learn\'s except its rounding-noise direction (documented)', () => {
    const fx = fixtures.crlm;
    const ref = sklearnProbabilities(fx, 'qda');
    const ours = fitPredict(fx, 'qda', ref.params);
    const diffs: number[] = [];
    ours.forEach((p, i) => {
      const a = logit(p), b = logit(ref.p[i]);
      if (Number.isFinite(a) && Number.isFinite(b)) diffs.push(Math.abs(a - b));
      else expect(a).toBe(b); // both exactly 1
    });
    diffs.sort((u, v) => u - v);
    expect(diffs[Math.floor(diffs.length / 2)], 'median |log-odds difference|').toBeLessThan(1);
    expect(Math.abs(aucMannWhitney(fx.yTest, ours) - fx.ref.models.find((m: any) => m.model === 'qda').test_auc)).toBeLessThan(0.015);
  });

  it('reg_param 0 with a class of fewer rows than features: that class gets probability ~0 everywhere, never NaN (as scikit-learn)', () => {
    const p = fitPredict(fixtures.crlm, 'qda', { reg_param: 0 });
    for (const v of p) {
      expect(Number.isNaN(v)).toBe(false);
      expect(v).toBeLessThan(1e-6);
    }
  });
});
