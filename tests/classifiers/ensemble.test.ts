import { describe, expect, it } from 'vitest';
import { matrix } from '@radsweep/core';
import { createClassifier, restoreClassifier } from '@radsweep/classifiers';
import { AdaBoostClassifier, TreeForestClassifier } from '../../libs/classifiers/src/ensemble';
import { plainFixture } from '../support/shared';
import { noisyTask } from './trees-data';
import { maxAbsDiff, sklearnProbabilities } from './sklearn-predictions';

const train = noisyTask(200, 10, 5, 0, 2, -1);
const test = noisyTask(80, 10, 6, 0, 2, -1);
const share1 = train.y.reduce((a, b) => a + b, 0) / train.y.length;
const small = { random_forest: { n_estimators: 15 }, extra_trees: { n_estimators: 15 }, bagging: { n_estimators: 5 }, adaboost: { n_estimators: 20 } };
const forest = (id: string, params: object, seed: number) => createClassifier(id, params, seed).fit(train.x, train.y) as TreeForestClassifier;

describe('seeds and persistence', () => {
  for (const [id, params] of Object.entries(small)) {
    it(`${id}: same seed -> identical probabilities; save/restore predicts the same`, () => {
      const a = createClassifier(id, params, 3).fit(train.x, train.y);
      const b = createClassifier(id, params, 3).fit(train.x, train.y);
      const pa = a.predictProba(test.x);
      expect(Array.from(b.predictProba(test.x))).toEqual(Array.from(pa));
      const restored = restoreClassifier(JSON.parse(JSON.stringify(a.toJSON())));
      expect(Array.from(restored.predictProba(test.x))).toEqual(Array.from(pa));
    });
  }

  for (const id of ['random_forest', 'extra_trees', 'bagging']) {
    it(`${id}: a different seed grows a different forest`, () => {
      const pa = createClassifier(id, small[id as keyof typeof small], 3).fit(train.x, train.y).predictProba(test.x);
      const pb = createClassifier(id, small[id as keyof typeof small], 4).fit(train.x, train.y).predictProba(test.x);
      expect(maxAbsDiff(pa, pb)).toBeGreaterThan(0.05);
    });
  }

  it('tree t depends only on (seed, t) (seeds drawn up front): the first trees of a 4- and an 8-tree forest are equal', () => {
    const f4 = forest('random_forest', { n_estimators: 4 }, 9).fittedTrees;
    const f8 = forest('random_forest', { n_estimators: 8 }, 9).fittedTrees;
    for (let t = 0; t < 4; t++) expect(f8[t].toJSON()).toEqual(f4[t].toJSON());
  });

  it('restoring a malformed state is refused by name', () => {
    const saved = createClassifier('random_forest', { n_estimators: 2 }, 1).fit(train.x, train.y).toJSON();
    (saved.state as any).model.trees[1].value = [];
    expect(() => restoreClassifier(saved)).toThrow(/random_forest\.trees\[1\]/);
  });
});

describe('forest probabilities stay in [0, 1]', () => {
  it('leaf shares a few ulps above 1 (w1 / w rounding) average to exactly 1, not 1.0000000000000007', () => {
    const saved = createClassifier('random_forest', { n_estimators: 7 }, 1).fit(train.x, train.y).toJSON();
    for (const tree of (saved.state as any).model.trees) tree.value = tree.value.map(() => 1 + 4 * Number.EPSILON);
    const p = restoreClassifier(saved).predictProba(test.x);
    expect(Math.max(...p)).toBe(1);
    expect(Math.min(...p)).toBe(1);
  });
});

describe('forest structure', () => {
  it('random_forest: predict_proba is the mean of the trees\' leaf shares', () => {
    const m = forest('random_forest', { n_estimators: 7 }, 2);
    const p = m.predictProba(test.x);
    for (let i = 0; i < test.x.rows; i++) {
      const mean = m.fittedTrees.reduce((s, t) => s + t.predictRow(test.x.data, i * test.x.cols), 0) / 7;
      expect(p[i]).toBeCloseTo(mean, 14);
    }
  });

  it('random_forest bootstraps (root shares vary by tree); without bootstrap, and extra_trees by default, every root sees all rows', () => {
    const roots = (m: TreeForestClassifier) => m.fittedTrees.map((t) => t.value[0]);
    const boot = roots(forest('random_forest', { n_estimators: 10 }, 1));
    expect(new Set(boot).size).toBeGreaterThan(5);
    for (const r of roots(forest('random_forest', { n_estimators: 10, bootstrap: false }, 1))) expect(r).toBeCloseTo(share1, 14);
    for (const r of roots(forest('extra_trees', { n_estimators: 10 }, 1))) expect(r).toBeCloseTo(share1, 14);
  });

  it('max_depth and min_samples_leaf reach every tree of a forest', () => {
    for (const t of forest('random_forest', { n_estimators: 5, max_depth: 2 }, 1).fittedTrees) expect(t.depth()).toBeLessThanOrEqual(2);
    for (const t of forest('extra_trees', { n_estimators: 5, max_depth: 3 }, 1).fittedTrees) expect(t.depth()).toBeLessThanOrEqual(3);
    const shallow = forest('extra_trees', { n_estimators: 3, min_samples_leaf: 40 }, 1).fittedTrees;
    for (const t of shallow) expect(t.nodeCount).toBeLessThanOrEqual(9); // at most 200 / 40 = 5 leaves
  });

  it('bagging without bootstrap grows full trees on all rows: training rows are predicted exactly', () => {
    const m = forest('bagging', { n_estimators: 3, bootstrap: false }, 1);
    expect(Array.from(m.predictProba(train.x))).toEqual(Array.from(train.y));
  });
});

describe('adaboost (SAMME)', () => {
  /*
   * The reference was made with scikit-learn 1.2 and algorithm SAMME (its logits are
   * exactly half of scikit-learn >= 1.6's; checked against 1.9.1). scikit-learn 1.2's
   * two-class decision was S = sum alpha_m v_m / sum alpha_m and P = sigmoid(S); from
   * 1.6 the class codes are +-1, the decision is 2S and P = sigmoid(2S). Same stumps and
   * alphas therefore give logit(ours) = 2 logit(reference) exactly.
   */
  for (const name of ['wdbc', 'crlm'] as const) {
    it(`${name}: logit of our probabilities is exactly twice scikit-learn 1.2 SAMME's`, () => {
      const fx = plainFixture(name);
      const ref = sklearnProbabilities(fx, 'adaboost');
      const ours = createClassifier('adaboost', ref.params, 42).fit(fx.xTrain, fx.yTrain).predictProba(fx.xTest);
      const logit = (p: number) => Math.log(p / (1 - p));
      const diffs = Array.from(ours, (p, i) => logit(p) - 2 * logit(ref.p[i]));
      expect(Math.max(...diffs.map(Math.abs))).toBeLessThan(1e-9);
    });
  }

  it('stops after a perfect stump with weight 1, as scikit-learn', () => {
    const x = matrix(6, 1, Float64Array.from([1, 2, 3, 4, 5, 6]));
    const y = Uint8Array.from([0, 0, 0, 1, 1, 1]);
    const m = createClassifier('adaboost', {}, 1).fit(x, y) as AdaBoostClassifier;
    expect(Array.from(m.estimatorWeights)).toEqual([1]);
    // One stump voting class 1 with weight 1: decision 2, P = sigmoid(2).
    expect(m.predictProba(matrix(1, 1, Float64Array.from([6])))[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
  });

  it('first stump weight is log((1 - err) / err) of its weighted training error', () => {
    const m = createClassifier('adaboost', { n_estimators: 1 }, 1).fit(train.x, train.y) as AdaBoostClassifier;
    const stump = (m.toJSON().state as any).model.stumps[0];
    let wrong = 0;
    for (let i = 0; i < train.x.rows; i++) {
      const v = train.x.data[i * train.x.cols + stump.feature[0]] <= stump.threshold[0] ? stump.value[1] : stump.value[2];
      if ((v > 0.5 ? 1 : 0) !== train.y[i]) wrong++;
    }
    const err = wrong / train.x.rows;
    expect(m.estimatorWeights[0]).toBeCloseTo(Math.log((1 - err) / err), 12);
  });
});
