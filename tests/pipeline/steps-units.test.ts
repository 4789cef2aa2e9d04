import { describe, expect, it } from 'vitest';
import { Matrix, NotFittedError, RadSweepInputError, Rng, fromRows, matrix } from '@radsweep/core';
import {
  LassoSelector,
  MedianImputer,
  StandardScaler,
  WelchTTestSelector,
  alphaGrid,
  fitLasso,
  kFoldBoundaries,
  lnGamma,
  regularizedIncompleteBeta,
  studentTwoSidedP,
} from '../../libs/pipeline/src/steps';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('special functions against closed forms', () => {
  it('lnGamma matches log factorials and Gamma(n + 1/2) = (2n)! sqrt(pi) / (4^n n!)', () => {
    let logFact = 0;
    for (let n = 1; n <= 170; n++) {
      logFact += Math.log(n);
      expect(Math.abs(lnGamma(n + 1) - logFact)).toBeLessThan(1e-13 * Math.max(1, logFact));
    }
    for (let n = 0; n <= 60; n++) {
      let lnValue = 0.5 * Math.log(Math.PI) - n * Math.log(4);
      for (let k = n + 1; k <= 2 * n; k++) lnValue += Math.log(k);
      expect(Math.abs(lnGamma(n + 0.5) - lnValue)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lnValue)));
    }
  });

  it('regularizedIncompleteBeta matches x^a, 1 - (1 - x)^b, the arcsine law and its symmetry', () => {
    for (const x of [1e-8, 0.01, 0.2, 0.5, 0.77, 0.999]) {
      for (const a of [0.5, 1.5, 3, 40, 250]) {
        if (x ** a > 1e-300) expect(rel(regularizedIncompleteBeta(a, 1, x), x ** a)).toBeLessThan(1e-12);
        else expect(regularizedIncompleteBeta(a, 1, x)).toBeLessThan(1e-300);
        expect(rel(regularizedIncompleteBeta(1, a, x), -Math.expm1(a * Math.log1p(-x)))).toBeLessThan(1e-12);
        for (const b of [0.5, 2, 30]) {
          const sum = regularizedIncompleteBeta(a, b, x) + regularizedIncompleteBeta(b, a, 1 - x, x);
          expect(Math.abs(sum - 1)).toBeLessThan(1e-13);
        }
      }
      expect(rel(regularizedIncompleteBeta(0.5, 0.5, x), (2 / Math.PI) * Math.asin(Math.sqrt(x)))).toBeLessThan(1e-12);
    }
    expect(regularizedIncompleteBeta(2, 3, 0)).toBe(0);
    expect(regularizedIncompleteBeta(2, 3, 1)).toBe(1);
  });

  it('Student t two-sided p matches the Cauchy (df 1) and df 2 closed forms, far into the tail', () => {
    for (const t of [0, 0.3, 1, 2.5, 10, 1e3, 1e8]) {
      expect(rel(studentTwoSidedP(t, 1), (2 / Math.PI) * Math.atan(1 / t))).toBeLessThan(1e-12);
      // df 2: p = 1 - t / s with s = sqrt(2 + t^2), written 2 / (s (s + t)) to avoid cancellation.
      const s = Math.sqrt(2 + t * t);
      expect(rel(studentTwoSidedP(-t, 2), 2 / (s * (s + t)))).toBeLessThan(1e-12);
    }
    // Large df approaches the normal: P(|Z| > 1.959963984540054) = 0.05.
    expect(Math.abs(studentTwoSidedP(1.959963984540054, 1e7) - 0.05)).toBeLessThan(1e-7);
    expect(studentTwoSidedP(Infinity, 5)).toBe(0);
    expect(studentTwoSidedP(NaN, 5)).toBeNaN();
  });
});

function expectNotFitted(step: { transform(x: Matrix): Matrix }) {
  expect(() => step.transform(fromRows([[1]]))).toThrow(NotFittedError);
}

describe('MedianImputer', () => {
  it('fills NaN with training medians (mean of the middle two for an even count)', () => {
    const x = fromRows([
      [1, NaN, 5],
      [NaN, 2, 5],
      [3, 8, 5],
      [10, 4, 5],
    ]);
    const imp = new MedianImputer();
    expectNotFitted(imp);
    imp.fit(x, new Uint8Array(4));
    expect(Array.from(imp.medians)).toEqual([3, 4, 5]);
    const out = imp.transform(fromRows([[NaN, NaN, NaN], [7, 7, 7]]));
    expect(Array.from(out.data)).toEqual([3, 4, 5, 7, 7, 7]);
    expect(() => imp.transform(fromRows([[1, 2]]))).toThrow(/fitted on 3/);
  });

  it('keeps an all-missing column, filled with 0, and reports it', () => {
    const imp = new MedianImputer().fit(fromRows([[1, NaN], [2, NaN]]), new Uint8Array(2));
    expect(imp.emptyColumns).toEqual([1]);
    expect(Array.from(imp.transform(fromRows([[NaN, NaN]])).data)).toEqual([1.5, 0]);
  });
});

describe('StandardScaler', () => {
  it('centres on the training mean and divides by the population sd; a constant column maps to 0', () => {
    const x = fromRows([[1, 4], [2, 4], [3, 4], [6, 4]]);
    const sc = new StandardScaler();
    expectNotFitted(sc);
    sc.fit(x, new Uint8Array(4));
    expect(Array.from(sc.mean)).toEqual([3, 4]);
    expect(sc.scale[0]).toBeCloseTo(Math.sqrt((4 + 1 + 0 + 9) / 4), 14);
    expect(sc.scale[1]).toBe(1);
    const z = sc.transform(fromRows([[3 + sc.scale[0], 4]]));
    expect(z.data[0]).toBeCloseTo(1, 14);
    expect(z.data[1]).toBe(0);
  });
});

/** n rows, p columns of N(0, 1), column j shifted by shift[j] in the positives. */
function shiftedData(rng: Rng, n: number, shift: number[]): { x: Matrix; y: Uint8Array } {
  const p = shift.length;
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3 === 0 ? 1 : 0;
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() + y[i] * shift[j];
  }
  return { x, y };
}

describe('WelchTTestSelector', () => {
  it('keeps the columns with p < alpha, in input order', () => {
    const { x, y } = shiftedData(new Rng(7), 120, [0, 2, 0, 0, 1.5]);
    const sel = new WelchTTestSelector();
    expectNotFitted(sel);
    const r = sel.fit(x, y).report();
    expect(Array.from(r.selected)).toEqual([1, 4]);
    expect(r.fallbackUsed).toBe(false);
    expect(sel.transform(x).cols).toBe(2);
    for (let j = 0; j < 5; j++) expect(r.scores[j] < 0.05).toBe(j === 1 || j === 4);
  });

  it('falls back to the k smallest p, NaN counting as 1, when nothing passes', () => {
    const { x, y } = shiftedData(new Rng(3), 60, [0, 0, 0, 0, 0, 0]);
    for (let i = 0; i < x.rows; i++) x.data[i * 6 + 2] = 5; // constant: t = 0/0, p NaN
    const sel = new WelchTTestSelector({ alpha: 1e-9, fallbackK: 3 }).fit(x, y);
    const r = sel.report();
    expect(r.fallbackUsed).toBe(true);
    expect(Number.isNaN(r.scores[2])).toBe(true);
    const byP = [0, 1, 3, 4, 5].sort((a, b) => r.scores[a] - r.scores[b]).slice(0, 3).sort();
    expect(Array.from(r.selected)).toEqual(byP);
  });
});

describe('LASSO', () => {
  it('KFold boundaries: contiguous, the first n % k folds one larger', () => {
    const b = kFoldBoundaries(455, 10);
    expect(Array.from(b.subarray(1), (v, f) => v - b[f])).toEqual([46, 46, 46, 46, 46, 45, 45, 45, 45, 45]);
  });

  it('alpha grid: all-zero fit at alpha_max, non-zero just below, eps * alpha_max at the end', () => {
    const { x, y } = shiftedData(new Rng(11), 80, [1, 0, 0.5, 0]);
    const yf = Float64Array.from(y);
    const alphas = alphaGrid(x, yf, 100, 1e-3);
    expect(alphas).toHaveLength(100);
    expect(alphas[99] / alphas[0]).toBeCloseTo(1e-3, 12);
    const cd = { maxIter: 1000, tol: 1e-4 };
    // alphas[0] = 10^log10(alpha_max) may be an ulp below alpha_max: test just above it.
    expect(Array.from(fitLasso(x, yf, alphas[0] * (1 + 1e-12), cd).coef).every((c) => c === 0)).toBe(true);
    expect(Array.from(fitLasso(x, yf, alphas[1], cd).coef).some((c) => c !== 0)).toBe(true);
  });

  it('a fixed-alpha fit satisfies the LASSO optimality (KKT) conditions', () => {
    const { x, y } = shiftedData(new Rng(5), 150, [1, 0.8, 0, 0, 0.3, 0, 0, 0]);
    const alpha = 0.02;
    const yf = Float64Array.from(y);
    const fit = fitLasso(x, yf, alpha, { maxIter: 10000, tol: 1e-12 });
    const { rows: n, cols: p } = x;
    for (let j = 0; j < p; j++) {
      let g = 0; // X_j . (y - Xw - b) / n
      for (let i = 0; i < n; i++) {
        let pred = fit.intercept;
        for (let k = 0; k < p; k++) pred += x.data[i * p + k] * fit.coef[k];
        g += x.data[i * p + j] * (yf[i] - pred);
      }
      g /= n;
      if (fit.coef[j] !== 0) expect(g).toBeCloseTo(alpha * Math.sign(fit.coef[j]), 8);
      else expect(Math.abs(g)).toBeLessThanOrEqual(alpha + 1e-8);
    }
  });

  it('LassoSelector with a fixed alpha reports it; too large an alpha falls back to smallest Welch p', () => {
    const { x, y } = shiftedData(new Rng(9), 90, [1.2, 0, 0, 0.9, 0, 0.1]);
    const lasso = new LassoSelector({ alpha: 0.05 });
    expectNotFitted(lasso);
    const r = lasso.fit(x, y).report();
    expect(r.details?.alpha).toBe(0.05);
    expect(r.fallbackUsed).toBe(false);
    expect(Array.from(r.selected)).toEqual(Array.from(r.scores).flatMap((c, j) => (c !== 0 ? [j] : [])));
    const wide = new LassoSelector({ alpha: 10, fallbackK: 2 }).fit(x, y).report();
    expect(wide.fallbackUsed).toBe(true);
    expect(Array.from(wide.selected)).toEqual([0, 3]);
    expect(() => lasso.transform(matrix(2, 5))).toThrow(/fitted on 6/);
  });

  it('LassoCV also runs when folds have fewer rows than columns (no Gram matrix)', () => {
    const { x, y } = shiftedData(new Rng(13), 40, Array.from({ length: 50 }, (_, j) => (j < 3 ? 1.5 : 0)));
    const lasso = new LassoSelector().fit(x, y);
    expect(lasso.chosenAlpha).toBeGreaterThan(0);
    expect(lasso.report().selected.length).toBeGreaterThan(0);
  });

  it('refuses bad options as input errors naming them (the steps\' rules, libs/core\'s checker)', () => {
    expect(() => new LassoSelector({ alpha: -1 })).toThrow(/^lasso\.alpha: must be 'cv' or a fixed alpha > 0, got -1$/);
    expect(() => new LassoSelector({ cv: 1 })).toThrow(/^lasso\.cv: must be an integer >= 2, got 1$/);
    expect(() => new WelchTTestSelector({ alpha: 0 })).toThrow(/^welch_ttest\.alpha: must be > 0, got 0$/);
    expect(() => new LassoSelector({ cv: 1 })).toThrow(RadSweepInputError);
  });
});
