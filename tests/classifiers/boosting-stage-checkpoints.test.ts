import { beforeEach, describe, expect, it } from 'vitest';
import { Matrix, Rng, matrix } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { clearStageCheckpoints, findStageCheckpoint, storeStageCheckpoint } from '../../libs/classifiers/src/boosting/stage-checkpoints';

/** n x p normal features rounded to 2 decimals (tied values), a noisy label. */
function data(n: number, p: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x.data[i * p + j] = Math.round(rng.normal() * 100) / 100;
    y[i] = x.data[i * p] - x.data[i * p + 1] ** 2 + 0.7 * rng.normal() > -0.5 ? 1 : 0;
  }
  return { x, y };
}

/** The fitted model's predictions on x and its saved form, as exact as they are. */
function fitted(params: object, seed: number, x: Matrix, y: Uint8Array, id = 'gradient_boosting'): { proba: number[]; saved: string } {
  const model = createClassifier(id, params, seed).fit(x, y);
  return { proba: Array.from(model.predictProba(x)), saved: JSON.stringify(model.toJSON()) };
}

type FitCase = [params: object, seed: number, x: Matrix, y: Uint8Array];
type Fit = (...c: FitCase) => { proba: number[]; saved: string };

/** Each case fitted on an empty store, then again after `store` kept a neighbour's stages: the same, bit for bit. */
function expectKeptApart(cases: FitCase[], fit: Fit, store: () => void): void {
  const fresh = cases.map((c) => {
    clearStageCheckpoints();
    return fit(...c);
  });
  clearStageCheckpoints();
  store();
  cases.forEach((c, k) => expect(fit(...c), `case ${k}`).toEqual(fresh[k]));
}

describe('gradient boosting stage checkpoints (fits differing only in n_estimators)', () => {
  beforeEach(() => clearStageCheckpoints());
  const { x, y } = data(160, 5, 7);

  for (const extra of [{ max_depth: 2 }, { max_depth: 3, subsample: 0.7 }, { max_depth: 2, max_features: 'sqrt' }]) {
    it(`a continued fit and a prefix of a longer fit equal fresh fits, bit for bit (${JSON.stringify(extra)})`, () => {
      const fresh40 = fitted({ n_estimators: 40, ...extra }, 3, x, y);
      clearStageCheckpoints();
      const fresh15 = fitted({ n_estimators: 15, ...extra }, 3, x, y);
      // 15 stages kept: the 40-stage fit continues them (the random draws of 15 stages replayed)
      expect(fitted({ n_estimators: 40, ...extra }, 3, x, y)).toEqual(fresh40);
      // 40 stages kept: a 15-stage fit is their first 15
      expect(fitted({ n_estimators: 15, ...extra }, 3, x, y)).toEqual(fresh15);
    });
  }

  it('keeps fits apart that differ in anything else: seed, learning rate, labels, a feature value', () => {
    const base = { n_estimators: 20, max_depth: 2, learning_rate: 0.1 };
    const others: FitCase[] = [
      [base, 4, x, y],
      [{ ...base, learning_rate: 0.05 }, 3, x, y],
      [base, 3, x, Uint8Array.from(y, (v, i) => (i === 5 ? 1 - v : v))],
      [base, 3, { ...x, data: Float64Array.from(x.data, (v, i) => (i === 17 ? v + 0.01 : v)) }, y],
    ];
    expectKeptApart(others, fitted, () => fitted({ ...base, n_estimators: 30 }, 3, x, y));
  });
});

describe('histogram boosting checkpoints (fits differing only in max_iter)', () => {
  beforeEach(() => clearStageCheckpoints());
  const { x, y } = data(200, 6, 11);
  const hist = (params: object, seed: number, xs = x, ys = y) => fitted(params, seed, xs, ys, 'lightgbm');

  for (const extra of [{ max_leaf_nodes: 7 }, { max_leaf_nodes: 15, min_samples_leaf: 5, learning_rate: 0.05 }, { max_depth: 3, l2_regularization: 0.5 }]) {
    it(`a continued fit and a prefix of a longer fit equal fresh fits, bit for bit (${JSON.stringify(extra)})`, () => {
      const fresh40 = hist({ max_iter: 40, ...extra }, 3);
      clearStageCheckpoints();
      const fresh15 = hist({ max_iter: 15, ...extra }, 3);
      // 15 iterations kept: the 40-iteration fit continues them from their raw scores
      expect(hist({ max_iter: 40, ...extra }, 3)).toEqual(fresh40);
      // 40 iterations kept: a 15-iteration fit is their first 15
      expect(hist({ max_iter: 15, ...extra }, 3)).toEqual(fresh15);
    });
  }

  it('shares across seeds (no randomness) and keeps apart fits differing in anything else', () => {
    const base = { max_iter: 20, max_leaf_nodes: 7, learning_rate: 0.1 };
    const others: FitCase[] = [
      [base, 4, x, y],
      [{ ...base, learning_rate: 0.05 }, 3, x, y],
      [{ ...base, max_leaf_nodes: 15 }, 3, x, y],
      [{ ...base, max_bins: 16 }, 3, x, y],
      [base, 3, x, Uint8Array.from(y, (v, i) => (i === 5 ? 1 - v : v))],
      [base, 3, { ...x, data: Float64Array.from(x.data, (v, i) => (i === 17 ? v + 0.01 : v)) }, y],
    ];
    expectKeptApart(others, hist, () => {
      hist({ ...base, max_iter: 30 }, 3);
      // a gradient boosting fit on the same data keeps its own stages
      const gb = fitted({ n_estimators: 20, max_depth: 2 }, 3, x, y);
      clearStageCheckpoints();
      expect(fitted({ n_estimators: 20, max_depth: 2 }, 3, x, y)).toEqual(gb);
      hist({ ...base, max_iter: 30 }, 3);
    });
  });
});

describe('stage checkpoints: capacity', () => {
  it("keeps a run's 12 data sets (2 feature sets x 5 folds + refit): a sweep fits every fold's longest configurations first", () => {
    clearStageCheckpoints();
    const sets = Array.from({ length: 12 }, (_, k) => data(30, 3, 50 + k));
    sets.forEach(({ x, y }, k) => storeStageCheckpoint(x, y, 'cfg', { trees: [], raw: new Float64Array(k + 1) }));
    // the first one stored is still there after the eleven others
    sets.forEach(({ x, y }, k) => expect(findStageCheckpoint(x, y, 'cfg')?.raw.length, `data set ${k}`).toBe(k + 1));
  });
});
