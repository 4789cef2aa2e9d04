import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Matrix, Rng, fromRows, matrix } from '@radsweep/core';
import { createClassifier, restoreClassifier } from '@radsweep/classifiers';
import type { GradientBoostingClassifier, HistGradientBoostingClassifier } from '../../libs/classifiers/src/boosting';
import { binThresholds } from '../../libs/classifiers/src/boosting/histogram-binning';
import { BoostedTree, leafOf } from '../../libs/classifiers/src/boosting/boosted-tree';
import { plainFixture } from '../support/shared';
import { fitPredict, maxAbsDiff, sklearnProbabilities } from './sklearn-predictions';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** n x p standard-normal features, label 1 when x0 + x1^2 - 1 + noise > 0. */
function synthetic(n: number, p: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal();
    y[i] = x.data[i * p] + x.data[i * p + 1] ** 2 - 1 + 0.5 * rng.normal() > 0 ? 1 : 0;
  }
  return { x, y };
}

function leaves(t: BoostedTree): number[] {
  const out: number[] = [];
  for (let k = 0; k < t.left.length; k++) if (t.left[k] < 0) out.push(k);
  return out;
}

function depth(t: BoostedTree, k = 0): number {
  return t.left[k] < 0 ? 0 : 1 + Math.max(depth(t, t.left[k]), depth(t, t.right[k]));
}

describe('gradient_boosting', () => {
  // x = 1..5, y = 0 1 0 1 1: prior 0.6, F0 = log(1.5), residuals -0.6 0.4 -0.6 0.4 0.4.
  // friedman_mse proxy (n_R S_L - n_L S_R)^2 / (n_L n_R) after 1..4 rows: 2.25, 0.167, 2.667, 1.0,
  // so the stump splits at 3.5. Newton steps: left -0.8 / (3 * 0.24) = -10/9, right 0.8 / (2 * 0.24) = 5/3.
  const x = fromRows([[1], [2], [3], [4], [5]]);
  const y = Uint8Array.from([0, 1, 0, 1, 1]);
  const stumps = (extra: object) => createClassifier('gradient_boosting', { n_estimators: 1, max_depth: 1, ...extra }, 0) as GradientBoostingClassifier;

  it('first stage: the split and leaf values computed by hand', () => {
    const gb = stumps({}).fit(x, y);
    expect(gb.initialRaw).toBeCloseTo(Math.log(1.5), 14);
    const [tree] = gb.estimators;
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(3.5);
    expect(tree.value[tree.left[0]]).toBeCloseTo(0.1 * (-10 / 9), 14);
    expect(tree.value[tree.right[0]]).toBeCloseTo(0.1 * (5 / 3), 14);
    const p = gb.predictProba(fromRows([[2], [4.5]]));
    expect(p[0]).toBeCloseTo(sigmoid(Math.log(1.5) - 1 / 9), 14);
    expect(p[1]).toBeCloseTo(sigmoid(Math.log(1.5) + 1 / 6), 14);
  });

  it('min_samples_leaf forbids the 1-row split: with 2 the best stump is still 3 | 2, with 3 no split is allowed', () => {
    const two = stumps({ min_samples_leaf: 2 }).fit(x, y);
    expect(two.estimators[0].threshold[0]).toBe(3.5);
    const three = stumps({ min_samples_leaf: 3 }).fit(x, y);
    expect(three.estimators[0].left[0]).toBe(-1);
    // a single leaf's Newton step: sum(r) / sum(p(1-p)) = 0
    expect(three.estimators[0].value[0]).toBeCloseTo(0, 14);
  });

  it('trees respect max_depth and the training loss falls stage by stage', () => {
    const { x: xs, y: ys } = synthetic(300, 6, 1);
    for (const d of [1, 2, 3]) {
      const gb = createClassifier('gradient_boosting', { n_estimators: 20, max_depth: d }, 0).fit(xs, ys) as GradientBoostingClassifier;
      for (const t of gb.estimators) expect(depth(t)).toBeLessThanOrEqual(d);
      expect(gb.estimators.some((t) => depth(t) === d)).toBe(true);
    }
    const logLoss = (p: Float64Array) => p.reduce((s, q, i) => s - (ys[i] ? Math.log(q) : Math.log(1 - q)), 0) / p.length;
    const losses = [1, 10, 50].map((m) => logLoss(createClassifier('gradient_boosting', { n_estimators: m }, 0).fit(xs, ys).predictProba(xs)));
    expect(losses[1]).toBeLessThan(losses[0]);
    expect(losses[2]).toBeLessThan(losses[1]);
  });

  it('subsample < 1 depends on the seed; the same seed gives identical output', () => {
    const { x: xs, y: ys } = synthetic(200, 5, 2);
    const fit = (seed: number) => createClassifier('gradient_boosting', { n_estimators: 30, subsample: 0.5 }, seed).fit(xs, ys).predictProba(xs);
    expect(Array.from(fit(7))).toEqual(Array.from(fit(7)));
    expect(maxAbsDiff(fit(7), fit(8))).toBeGreaterThan(1e-6);
  });

  // scikit-learn 1.2 replayed: float32 features, one rand_r stream per stage seeded from the booster's
  // RandomState, features visited in its order with the first found winning ties, its criterion's
  // update order, numpy's pairwise leaf sums and a correctly rounded exp in the residuals.
  for (const dataset of ['wdbc', 'crlm'] as const) {
    it(`${dataset}: probabilities equal scikit-learn 1.2's (random_state 42) to 1e-9`, () => {
      const fx = plainFixture(dataset);
      const ref = sklearnProbabilities(fx, 'gradient_boosting');
      const ours = fitPredict(fx, 'gradient_boosting', ref.params);
      expect(maxAbsDiff(ours, ref.p)).toBeLessThan(1e-9);
    });
  }

  // subsample < 1, max_features and min_samples_leaf: scikit-learn 1.2 transcribed around 1.6.1's friedman_mse
  // tree (scripts/reference/gradient-boosting-1-2.py, which first reproduces the two 1.2 references exactly).
  const transcribed: { cases: { dataset: 'wdbc' | 'crlm'; params: Record<string, unknown>; test_ids: number[]; probability: number[] }[] } = JSON.parse(
    readFileSync(resolve(__dirname, '../fixtures/gradient-boosting-1-2.json'), 'utf8'),
  );
  for (const c of transcribed.cases) {
    it(`${c.dataset} ${JSON.stringify(c.params)}: probabilities equal scikit-learn 1.2's to 1e-9`, () => {
      const fx = plainFixture(c.dataset);
      expect(fx.testIds).toEqual(c.test_ids);
      const ours = fitPredict(fx, 'gradient_boosting', c.params as any);
      expect(maxAbsDiff(ours, c.probability)).toBeLessThan(1e-9);
    });
  }

  it('the seed picks the feature order: another seed breaks some ties between equal splits the other way', () => {
    const fx = plainFixture('wdbc');
    const ref = sklearnProbabilities(fx, 'gradient_boosting');
    expect(maxAbsDiff(fitPredict(fx, 'gradient_boosting', ref.params, 7), ref.p)).toBeGreaterThan(1e-6);
  });
});

describe('lightgbm (histogram gradient boosting)', () => {
  it('bin thresholds: midpoints of distinct values when few', () => {
    expect(Array.from(binThresholds([3, 1, 2, 2, 5], 255))).toEqual([1.5, 2.5, 4]);
  });

  // 40 values with 38 distinct, thresholds from numpy 2 (np.unique midpoints; np.percentile method="midpoint").
  const column = [0, 9.9, -2.6, -9.3, 4.9, 8, -7, -6.2, 8.6, 4, -9.6, -1.5, 10, -1.1, -9.7, 3.6, 8.8, -5.9, -7.3, 7.7, 5.3, -9.1, -2.9, 9.9, 0.4, -10,
    2.2, 9.4, -4.6, -8.2, 6.7, 6.5, -8.4, -4.3, 9.5, 1.9, -10, 0.7, 9.8, -3.2];
  it('bin thresholds: quantile midpoints when more distinct values than bins (numpy values)', () => {
    expect(Array.from(binThresholds(column, 8))).toEqual([-9.2, -6.6, -3.05, 0.2, 3.8, 7.2, 9.45]);
    expect(Array.from(binThresholds([0, 10, 20, 30, 40], 4))).toEqual([10, 20, 30]);
    expect(Array.from(binThresholds(Float64Array.from({ length: 10 }, (_, i) => i), 4))).toEqual([2.5, 4.5, 6.5]);
  });

  it('bin thresholds: 38 distinct values and 255 bins give the 37 numpy midpoints', () => {
    const t = binThresholds(column, 255);
    expect(t.length).toBe(37);
    expect(t[0]).toBe(-9.85);
    expect(t[1]).toBe(-9.649999999999999);
    expect(t[9]).toBe(-6.050000000000001);
    expect(t[36]).toBe(9.95);
  });

  const { x, y } = synthetic(600, 8, 3);

  it('max_leaf_nodes bounds the leaves of every tree, and is reached', () => {
    for (const maxLeaves of [2, 7, 15]) {
      const m = createClassifier('lightgbm', { max_iter: 15, max_leaf_nodes: maxLeaves, min_samples_leaf: 5 }, 0).fit(x, y) as HistGradientBoostingClassifier;
      const counts = m.estimators.map((t) => leaves(t).length);
      expect(Math.max(...counts)).toBe(maxLeaves);
    }
  });

  it('max_depth bounds depth; min_samples_leaf bounds the training rows in each leaf', () => {
    const m = createClassifier('lightgbm', { max_iter: 10, max_leaf_nodes: null, max_depth: 3, min_samples_leaf: 40 }, 0).fit(x, y) as HistGradientBoostingClassifier;
    for (const t of m.estimators) {
      expect(depth(t)).toBeLessThanOrEqual(3);
      const rows = new Map<number, number>();
      for (let i = 0; i < x.rows; i++) {
        const leaf = leafOf(t, x.data, i * x.cols);
        rows.set(leaf, (rows.get(leaf) ?? 0) + 1);
      }
      for (const count of rows.values()) expect(count).toBeGreaterThanOrEqual(40);
    }
  });

  it('fewer than 2 min_samples_leaf rows: every tree is one leaf and p is the training prior', () => {
    const m = createClassifier('lightgbm', { max_iter: 5, min_samples_leaf: 400 }, 0).fit(x, y);
    const prior = y.reduce((s, v) => s + v, 0) / y.length;
    for (const q of m.predictProba(x)) expect(q).toBeCloseTo(prior, 12);
  });

  for (const dataset of ['wdbc', 'crlm'] as const) {
    it(`probabilities equal scikit-learn 1.2 on ${dataset} to 1e-9`, () => {
      const fx = plainFixture(dataset);
      const ref = sklearnProbabilities(fx, 'lightgbm');
      expect(maxAbsDiff(fitPredict(fx, 'lightgbm', ref.params), ref.p)).toBeLessThan(1e-9);
    });
  }
});

describe('boosters: save/restore', () => {
  const { x, y } = synthetic(150, 4, 4);
  for (const id of ['gradient_boosting', 'lightgbm']) {
    it(`${id}: a JSON round trip predicts the same`, () => {
      const m = createClassifier(id, {}, 3).fit(x, y);
      const back = restoreClassifier(JSON.parse(JSON.stringify(m.toJSON())));
      expect(Array.from(back.predictProba(x))).toEqual(Array.from(m.predictProba(x)));
    });
  }
  it('a damaged saved tree is refused by name', () => {
    const saved = createClassifier('lightgbm', { max_iter: 2 }, 0).fit(x, y).toJSON() as any;
    saved.state.model.trees[1].value.pop();
    expect(() => restoreClassifier(saved)).toThrow(/lightgbm\.trees\[1\].*unequal length/);
  });
});
