import { describe, expect, it } from 'vitest';
import { Matrix, RadSweepInputError, Rng, fromRows, matrix } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { CartBuilder, CartOptions, DecisionTreeClassifier, TreeNodes, TreeRandom, resolveMaxFeatures } from '../../libs/classifiers/src/trees';
import { plainFixture } from '../support/shared';
import { noisyTask } from './trees-data';
import { maxAbsDiff, sklearnProbabilities } from './sklearn-predictions';

/**
 * Eight rows, one feature x = 1..8, labels 0 0 1 0 1 1 1 1. Worked by hand with the
 * Gini proxy sum over children of (w1^2 + w0^2) / w (larger is better), left part = first k rows:
 *   k:      1     2     3     4    5    6    7
 *   proxy: 5.14  6.33  5.07  6.5  5.6  5.0  4.57   -> root (p = 5/8) x <= 4.5 (k = 4); left 0 0 1 0 (p = 1/4), right pure 1.
 * Left node 0 0 1 0: k = 1: 2.67, k = 2: 3.0, k = 3: 2.67 -> x <= 2.5; leaves p = 0 and p = 1/2 (rows 3, 4).
 */
const X8 = fromRows([[1], [2], [3], [4], [5], [6], [7], [8]]);
const Y8 = Uint8Array.from([0, 0, 1, 0, 1, 1, 1, 1]);
const GRID = fromRows(Array.from({ length: 10 }, (_, i) => [i + 0.25])); // 0.25, 1.25, ..., 9.25

const FULL: CartOptions = { maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, minImpurityDecrease: 0, maxFeatures: 1, splitter: 'best' };

function grow(x: Matrix, y: Uint8Array, opts: Partial<CartOptions>, weight?: number[], seed = 1): TreeNodes {
  const w = weight ? Float64Array.from(weight) : new Float64Array(x.rows).fill(1);
  return new CartBuilder(x, y).build(w, { ...FULL, ...opts }, TreeRandom.forSeed(seed));
}

function predict(tree: TreeNodes, x: Matrix): number[] {
  const out = new Float64Array(x.rows);
  tree.addProba(x, out);
  return Array.from(out);
}

/** Training rows per leaf (rows with weight > 0). */
function leafSizes(tree: TreeNodes, x: Matrix): Map<number, number> {
  const sizes = new Map<number, number>();
  for (let i = 0; i < x.rows; i++) {
    let k = 0;
    while (tree.feature[k] >= 0) k = x.data[i * x.cols + tree.feature[k]] <= tree.threshold[k] ? tree.left[k] : tree.right[k];
    sizes.set(k, (sizes.get(k) ?? 0) + 1);
  }
  return sizes;
}

describe('CART builder on a hand-worked data set', () => {
  it('max_depth 2 gives the splits and leaf shares worked out by hand', () => {
    const t = grow(X8, Y8, { maxDepth: 2 });
    // Depth-first, left child first: root, left split, its two leaves, right leaf.
    expect(Array.from(t.feature)).toEqual([0, 0, -1, -1, -1]);
    expect(Array.from(t.threshold.subarray(0, 2))).toEqual([4.5, 2.5]);
    expect(Array.from(t.left)).toEqual([1, 2, -1, -1, -1]);
    expect(Array.from(t.right)).toEqual([4, 3, -1, -1, -1]);
    expect(Array.from(t.value)).toEqual([5 / 8, 1 / 4, 0, 1 / 2, 1]);
    expect(predict(t, GRID)).toEqual([0, 0, 0, 0.5, 0.5, 1, 1, 1, 1, 1]);
  });

  it('grows until every leaf is pure without a depth limit', () => {
    const t = grow(X8, Y8, {});
    expect(t.depth()).toBe(3);
    expect(predict(t, X8)).toEqual(Array.from(Y8));
  });

  it('max_depth 1 is a stump at 4.5 with leaves 1/4 and 1', () => {
    const t = grow(X8, Y8, { maxDepth: 1 });
    expect(t.nodeCount).toBe(3);
    expect(t.threshold[0]).toBe(4.5);
    expect(predict(t, fromRows([[4], [5]]))).toEqual([0.25, 1]);
  });

  it('min_samples_leaf 3 keeps the root split (k = 4 is allowed) but forbids splitting the 4-row left node', () => {
    const t = grow(X8, Y8, { minSamplesLeaf: 3 });
    expect(t.nodeCount).toBe(3);
    expect(t.threshold[0]).toBe(4.5);
    expect(Array.from(t.value)).toEqual([0.625, 0.25, 1]);
  });

  it('min_samples_leaf 5 leaves no valid split: a single leaf', () => {
    const t = grow(X8, Y8, { minSamplesLeaf: 5 });
    expect(t.nodeCount).toBe(1);
    expect(t.value[0]).toBe(0.625);
  });

  it('weight 10 on row x = 3 (label 1) moves the root to 2.5 (hand-worked: proxy 15.13 vs 12.39 at 4.5)', () => {
    const t = grow(X8, Y8, { maxDepth: 1 }, [1, 1, 10, 1, 1, 1, 1, 1]);
    expect(t.threshold[0]).toBe(2.5);
    expect(t.value[1]).toBe(0);
    expect(t.value[2]).toBeCloseTo(14 / 15, 15);
  });

  it('weight 0 leaves a row out: without row x = 4 the classes separate at 2.5', () => {
    const t = grow(X8, Y8, {}, [1, 1, 1, 0, 1, 1, 1, 1]);
    expect(t.nodeCount).toBe(3);
    expect(t.threshold[0]).toBe(2.5);
    expect(Array.from(t.value.subarray(1))).toEqual([0, 1]);
  });

  it('min_impurity_decrease above the root gain makes a single leaf', () => {
    // Root gain = gini(5/8) - (4/8) gini(1/4) - (4/8) * 0 = 0.46875 - 0.1875 = 0.28125.
    expect(grow(X8, Y8, { minImpurityDecrease: 0.29 }).nodeCount).toBe(1);
    expect(grow(X8, Y8, { minImpurityDecrease: 0.28, maxDepth: 1 }).nodeCount).toBe(3);
  });

  it('the random splitter draws thresholds inside the node range, not at midpoints, and differs by seed', () => {
    const roots = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const t = grow(X8, Y8, { splitter: 'random', maxDepth: 1 }, undefined, seed);
      const thr = t.threshold[0];
      expect(thr >= 1 && thr < 8).toBe(true);
      roots.add(thr);
    }
    expect(roots.size).toBeGreaterThan(15);
  });
});

describe('feature sampling (max_features)', () => {
  // Feature 1 separates the classes perfectly; feature 0 is noise.
  const rng = new Rng(3);
  const x = matrix(40, 2);
  const y = new Uint8Array(40);
  for (let i = 0; i < 40; i++) {
    y[i] = i % 2;
    x.data[2 * i] = rng.normal();
    x.data[2 * i + 1] = y[i] + 0.1 * rng.normal();
  }

  it('with all features the root always uses the informative one; with one per split it varies by seed', () => {
    const all = new Set<number>();
    const one = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      all.add(grow(x, y, { maxFeatures: 2 }, undefined, seed).feature[0]);
      one.add(grow(x, y, { maxFeatures: 1 }, undefined, seed).feature[0]);
    }
    expect([...all]).toEqual([1]);
    expect([...one].sort()).toEqual([0, 1]);
  });

  it('a constant drawn feature does not use up the draw: the split still happens', () => {
    const xc = matrix(40, 2);
    for (let i = 0; i < 40; i++) xc.data[2 * i + 1] = x.data[2 * i + 1]; // column 0 constant 0
    for (let seed = 0; seed < 10; seed++) expect(grow(xc, y, { maxFeatures: 1, maxDepth: 1 }, undefined, seed).feature[0]).toBe(1);
  });

  it('resolves max_features as scikit-learn', () => {
    expect(resolveMaxFeatures(null, 107, 'm')).toBe(107);
    expect(resolveMaxFeatures('sqrt', 107, 'm')).toBe(10);
    expect(resolveMaxFeatures('log2', 107, 'm')).toBe(6);
    expect(resolveMaxFeatures(0.5, 107, 'm')).toBe(53);
    expect(resolveMaxFeatures(5, 107, 'm')).toBe(5);
    expect(resolveMaxFeatures('sqrt', 1, 'm')).toBe(1);
    expect(() => resolveMaxFeatures('cube', 10, 'm')).toThrow(RadSweepInputError);
  });
});

describe('decision_tree', () => {
  const { x, y } = noisyTask(300, 8, 11);

  it('honours min_samples_leaf and max_depth on noisy data', () => {
    const t = (createClassifier('decision_tree', { min_samples_leaf: 7 }, 1).fit(x, y) as DecisionTreeClassifier).nodes;
    for (const size of leafSizes(t, x).values()) expect(size).toBeGreaterThanOrEqual(7);
    const d3 = (createClassifier('decision_tree', { max_depth: 3 }, 1).fit(x, y) as DecisionTreeClassifier).nodes;
    expect(d3.depth()).toBe(3);
    const free = (createClassifier('decision_tree', {}, 1).fit(x, y) as DecisionTreeClassifier).nodes;
    expect(free.depth()).toBeGreaterThan(3);
    expect(Math.min(...leafSizes(free, x).values())).toBe(1);
  });

  it('fitWeighted refuses negative or mismatched weights by name', () => {
    const m = new DecisionTreeClassifier({ max_depth: null, min_samples_split: 2, min_samples_leaf: 1, max_features: null, min_impurity_decrease: 0 });
    expect(() => m.fitWeighted(X8, Y8, Float64Array.from([1, 1, 1, -1, 1, 1, 1, 1]))).toThrow(/sample weight -1 at row 3/);
    expect(() => m.fitWeighted(X8, Y8, new Float64Array(3))).toThrow(RadSweepInputError);
    expect(m.fitWeighted(X8, Y8, Float64Array.from([1, 1, 10, 1, 1, 1, 1, 1])).nodes.threshold[0]).toBe(2.5);
  });

  it('refuses an unknown max_features through the registry', () => {
    expect(() => createClassifier('decision_tree', { max_features: 'half' })).toThrow(RadSweepInputError);
  });

  it('TreeRandom is scikit-learn\'s our_rand_r xorshift (state 1 -> 270369, worked by hand)', () => {
    // 1 ^ (1 << 13) = 8193; 8193 ^ (8193 >>> 17) = 8193; 8193 ^ (8193 << 5) = 270369; mod 2^31.
    const r = new TreeRandom(1);
    expect(r.int(0, 1_000_000)).toBe(270369);
    expect(new TreeRandom(1).uniform(0, 2147483647)).toBe(270369);
    expect(new TreeRandom(0).int(0, 2 ** 31)).toBe(270369); // state 0 is replaced by 1, as scikit-learn
  });
});

/*
 * The growth rules and the random streams replay scikit-learn's, so at the reference's
 * configuration and seed (random_state = 42) every tree model reproduces scikit-learn
 * 1.2's test-set probabilities, not just its AUC.
 */
describe('exact agreement with scikit-learn 1.2 (reference predictions, seed 42)', () => {
  for (const name of ['wdbc', 'crlm'] as const) {
    const fx = plainFixture(name);
    for (const model of ['decision_tree', 'random_forest', 'extra_trees', 'bagging']) {
      it(`${name}: ${model} probabilities equal scikit-learn's to 1e-12`, () => {
        const ref = sklearnProbabilities(fx, model);
        const ours = createClassifier(model, ref.params, 42).fit(fx.xTrain, fx.yTrain).predictProba(fx.xTest);
        expect(maxAbsDiff(ours, ref.p)).toBeLessThan(1e-12);
      });
    }
  }
});
