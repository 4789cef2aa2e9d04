import { describe, expect, it } from 'vitest';
import { Rng, matrix } from '@radsweep/core';
import type { Params } from '@radsweep/classifiers';
import { fitLinearSvmDual } from '../../libs/classifiers/src/svm/linear-svc-dual';
import { fitIsotonic, isotonicProbability } from '../../libs/classifiers/src/svm/isotonic-calibration';
import { fitPlatt, plattProbability } from '../../libs/classifiers/src/svm/platt-scaling';
import { stratifiedTestFolds } from '../../libs/classifiers/src/svm/stratified-folds';
import { aucMannWhitney, plainFixture } from '../support/shared';
import { expectSklearnProbabilities, fitPredict } from './sklearn-predictions';

const fixtures = { wdbc: plainFixture('wdbc'), crlm: plainFixture('crlm') };

describe('calibrated linear SVM vs scikit-learn 1.2', () => {
  // the SVM solver stops at tol 1e-4 in both implementations, with different coordinate orders
  for (const [name, fx] of Object.entries(fixtures)) {
    it(`${name}: sigmoid, C = 1: probabilities within 1e-4 of scikit-learn's`, () => expectSklearnProbabilities(fx, 'calibrated_svm', 1e-4));
  }

  it('isotonic and C = 0.1 fit; probabilities in [0, 1]; wdbc still ranks well', () => {
    for (const params of [{ method: 'isotonic' }, { C: 0.1 }, { method: 'isotonic', C: 0.1 }] as Params[]) {
      for (const fx of Object.values(fixtures)) {
        const p = fitPredict(fx, 'calibrated_svm', params);
        for (const v of p) expect(v >= 0 && v <= 1, `${JSON.stringify(params)}: ${v}`).toBe(true);
      }
      expect(aucMannWhitney(fixtures.wdbc.yTest, fitPredict(fixtures.wdbc, 'calibrated_svm', params))).toBeGreaterThan(0.97);
    }
  });
});

describe('StratifiedKFold(3) fold assignment', () => {
  it("deals the sorted labels round-robin, then fills each class's folds in order (worked by hand from scikit-learn's _make_test_folds)", () => {
    const y = Uint8Array.from([1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0]);
    // label 1 appears first (code 0, 4 rows), label 0 (code 1, 8 rows): sorted codes 0000 11111111,
    // dealt to folds 0,1,2,0,...: fold 0 gets 2 + 2, folds 1 and 2 get 1 + 3
    expect(Array.from(stratifiedTestFolds(y, 3))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  });
});

describe('linear SVM dual coordinate descent', () => {
  it('reaches the primal optimum of 1/2||w~||^2 + C sum max(0, 1 - s w~.x~)^2 (gradient ~ 0)', () => {
    const rng = new Rng(5);
    const n = 80, p = 4, C = 0.7;
    const x = matrix(n, p);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() + (y[i] ? 0.7 : 0);
    }
    const svm = fitLinearSvmDual(x, y, C, 1e-8, 100000, 1, new Rng(1));
    const wt = [...svm.w, svm.bias];
    const grad = wt.slice();
    for (let i = 0; i < n; i++) {
      const s = y[i] ? 1 : -1;
      const xi = [...x.data.subarray(i * p, (i + 1) * p), 1];
      const slack = Math.max(0, 1 - s * xi.reduce((t, v, j) => t + v * wt[j], 0));
      xi.forEach((v, j) => (grad[j] -= 2 * C * slack * s * v));
    }
    expect(Math.max(...grad.map(Math.abs))).toBeLessThan(1e-5);
  });
});

describe('Platt scaling', () => {
  it("zeroes the gradient of the cross-entropy against Platt's smoothed targets", () => {
    const f = Float64Array.from([-2, -1.5, -0.3, 0.1, 0.4, 1.2, 2.5, -0.8, 0.9, 1.7]);
    const y = Uint8Array.from([0, 0, 0, 1, 0, 1, 1, 1, 0, 1]);
    const cal = fitPlatt(f, y);
    const tPos = (5 + 1) / (5 + 2), tNeg = 1 / (5 + 2);
    let ga = 0, gb = 0;
    f.forEach((v, i) => {
      const r = (y[i] ? tPos : tNeg) - plattProbability(cal, v);
      ga += r * v;
      gb += r;
    });
    expect(Math.abs(ga) + Math.abs(gb)).toBeLessThan(1e-9);
    expect(cal.a).toBeLessThan(0); // higher score -> higher probability
  });
});

describe('isotonic calibration', () => {
  it('pools adjacent violators and interpolates linearly, clipped outside the training scores', () => {
    const fit = fitIsotonic(Float64Array.from([3, 1, 2, 5, 4]), Uint8Array.from([0, 0, 1, 1, 1]));
    expect(Array.from(fit.x)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(fit.y)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(isotonicProbability(fit, 1.5)).toBeCloseTo(0.25, 15);
    expect(isotonicProbability(fit, 3.5)).toBeCloseTo(0.75, 15);
    expect(isotonicProbability(fit, -10)).toBe(0);
    expect(isotonicProbability(fit, 10)).toBe(1);
  });

  it('merges equal scores into one weighted point', () => {
    const fit = fitIsotonic(Float64Array.from([1, 1, 1, 2]), Uint8Array.from([0, 1, 1, 0]));
    // (1: mean 2/3, weight 3), (2: 0) violate -> pooled (2/3 * 3 + 0) / 4 = 1/2
    expect(Array.from(fit.x)).toEqual([1, 2]);
    expect(Array.from(fit.y)).toEqual([0.5, 0.5]);
  });
});
