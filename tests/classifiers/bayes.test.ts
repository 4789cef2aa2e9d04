import { describe, expect, it } from 'vitest';
import { fromRows } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { plainFixture } from '../support/shared';
import { expectSklearnProbabilities } from './sklearn-predictions';

const fixtures = { wdbc: plainFixture('wdbc'), crlm: plainFixture('crlm') };

describe('naive Bayes vs scikit-learn 1.2', () => {
  for (const [name, fx] of Object.entries(fixtures)) {
    it(`${name}: GaussianNB probabilities within 1e-9 of scikit-learn's`, () => expectSklearnProbabilities(fx, 'gaussian_nb', 1e-9));
    it(`${name}: BernoulliNB probabilities within 1e-9 of scikit-learn's`, () => expectSklearnProbabilities(fx, 'bernoulli_nb', 1e-9));
  }
});

describe('naive Bayes by hand', () => {
  it('BernoulliNB: Laplace-smoothed frequencies of x > binarize, priors from class counts', () => {
    // class 0: rows (0,0), (1,0) -> after binarize at 0.5: (0,0), (1,0); class 1: (1,1) x2
    const x = fromRows([[0, 0], [1, 0], [0.9, 0.7], [0.6, 0.8]]);
    const y = Uint8Array.from([0, 0, 1, 1]);
    const p = createClassifier('bernoulli_nb', { alpha: 1, binarize: 0.5 }).fit(x, y).predictProba(fromRows([[1, 1]]));
    // theta_0 = ((1+1)/4, (0+1)/4), theta_1 = ((2+1)/4, (2+1)/4), priors 1/2
    const l0 = 0.5 * 0.25, l1 = 0.75 * 0.75;
    expect(p[0]).toBeCloseTo(l1 / (l0 + l1), 12);
  });

  it('GaussianNB: a feature constant within a class is smoothed by var_smoothing * max variance, not a division by zero', () => {
    const x = fromRows([[1, 0], [1, 1], [2, 5], [3, 6]]);
    const y = Uint8Array.from([0, 0, 1, 1]);
    const m = createClassifier('gaussian_nb', { var_smoothing: 1e-3 }).fit(x, y);
    const p = m.predictProba(fromRows([[1, 0.5], [2.5, 5.5]]));
    expect(p[0]).toBeLessThan(1e-6);
    expect(p[1]).toBeGreaterThan(1 - 1e-6);
    for (const v of p) expect(Number.isFinite(v)).toBe(true);
  });
});
