import { describe, expect, it } from 'vitest';
import { Matrix } from '@radsweep/core';
import { CartBuilder, CartOptions, TreeNodes, TreeRandom } from '../../libs/classifiers/src/trees';
import { noisyTask } from './trees-data';

/**
 * CART's 'best' splitter with sorted node segments (`sortMode` 'segmented': every node's rows kept sorted per
 * feature, min/max from the segment's ends, no partition when both children will be leaves) grows the trees of
 * the plain sorter, bit for bit, under every kind of weight a caller passes.
 */
const bits = (t: TreeNodes) => [t.feature, t.threshold, t.left, t.right, t.value].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'));

/** n x p features, every third column rounded to `decimals` decimals (tied values) when decimals > 0, a noisy label. */
function data(n: number, p: number, seed: number, decimals: number): { x: Matrix; y: Uint8Array } {
  const { x, y } = noisyTask(n, p, seed);
  const scale = 10 ** decimals;
  for (let i = 0; i < n && decimals > 0; i++) for (let j = 0; j < p; j += 3) x.data[i * p + j] = Math.round(x.data[i * p + j] * scale) / scale;
  return { x, y };
}

type Weights = (n: number, tree: number) => Float64Array;
const ones: Weights = (n) => new Float64Array(n).fill(1);
/** Bootstrap counts (some rows 0, some 2-4). */
const counts: Weights = (n, t) => {
  const w = new Float64Array(n);
  let s = 97 + t;
  for (let k = 0; k < n; k++) w[(s = (s * 1103515245 + 12345) % 2 ** 31) % n] += 1;
  return w;
};
/** AdaBoost-like fractional weights, a few exactly 0. */
const fractions: Weights = (n, t) => Float64Array.from({ length: n }, (_, i) => ((i * 7 + t) % 11 === 0 ? 0 : 1 / (1 + ((i * 13 + t * 5) % 17))));

describe("CART 'best' splitter: sorted node segments against the plain sort", () => {
  const cases: [string, number, number, number, Weights, Partial<CartOptions>][] = [
    ['distinct values, bootstrap counts, all features (bagging)', 200, 8, 0, counts, {}],
    ['tied values, bootstrap counts, all features', 240, 7, 1, counts, {}],
    ['tied values, unit weights (whole-data root, memo)', 180, 6, 1, ones, {}],
    ['fractional weights with zeros, stumps (AdaBoost)', 220, 9, 2, fractions, { maxDepth: 1 }],
    ['bootstrap counts, sqrt features, depth 5', 260, 16, 1, counts, { maxFeatures: 4, maxDepth: 5 }],
    ['min_samples_leaf 3, min_samples_split 9, min_impurity_decrease', 230, 6, 2, counts, { minSamplesLeaf: 3, minSamplesSplit: 9, minImpurityDecrease: 0.001 }],
  ];
  for (const [name, n, p, decimals, weights, extra] of cases) {
    it(`grows the same trees, bit for bit (${name})`, () => {
      const { x, y } = data(n, p, n + p, decimals);
      const opts: CartOptions = { maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, minImpurityDecrease: 0, maxFeatures: p, splitter: 'best', ...extra };
      const segmented = new CartBuilder(x, y);
      segmented.sortMode = 'segmented';
      const plain = new CartBuilder(x, y);
      plain.sortMode = 'plain';
      let nodes = 0;
      for (let t = 0; t < 12; t++) {
        const w = weights(n, t);
        const a = segmented.build(w, opts, new TreeRandom(t + 1));
        const b = plain.build(w, opts, new TreeRandom(t + 1));
        nodes += a.nodeCount;
        expect(bits(a), `tree ${t}`).toEqual(bits(b));
      }
      expect(nodes).toBeGreaterThanOrEqual(12 * 3); // every tree split (stumps: 3 nodes)
    });
  }

  it("'auto' keeps segments when at least half of the features are visited, and the trees equal the plain ones", () => {
    const { x, y } = data(150, 10, 3, 1);
    const w = counts(150, 0);
    for (const maxFeatures of [3, 5, 10]) {
      const opts: CartOptions = { maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, minImpurityDecrease: 0, maxFeatures, splitter: 'best' };
      const auto = new CartBuilder(x, y);
      const plain = new CartBuilder(x, y);
      plain.sortMode = 'plain';
      expect(bits(auto.build(w, opts, new TreeRandom(5)))).toEqual(bits(plain.build(w, opts, new TreeRandom(5))));
      expect(auto.keepsSortedSegments).toBe(2 * maxFeatures >= 10);
    }
  });
});
