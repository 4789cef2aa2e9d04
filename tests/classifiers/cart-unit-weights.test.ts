import { describe, expect, it } from 'vitest';
import { Matrix } from '@radsweep/core';
import { CartBuilder, CartOptions, TreeNodes, TreeRandom } from '../../libs/classifiers/src/trees';
import { noisyTask, roundValues } from './trees-data';

/** n x p features rounded to `decimals` (tied values), a noisy label. */
function data(n: number, p: number, seed: number, decimals: number): { x: Matrix; y: Uint8Array } {
  const { x, y } = noisyTask(n, p, seed);
  return { x: roundValues(x, decimals), y };
}

const bits = (t: TreeNodes) => [t.feature, t.threshold, t.left, t.right, t.value].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'));

describe("Extra Trees' count-only split loop for unit weights", () => {
  const cases: [string, number, number, number, Partial<CartOptions>][] = [
    ['distinct values', 180, 7, 6, {}],
    ['tied values', 150, 5, 1, {}],
    ['min_samples_leaf 4, depth 6', 200, 6, 2, { minSamplesLeaf: 4, maxDepth: 6 }],
    ['min_impurity_decrease', 160, 4, 3, { minImpurityDecrease: 0.0005 }],
  ];
  for (const [name, n, p, decimals, extra] of cases) {
    it(`grows the trees of the weighted loop, bit for bit (${name})`, () => {
      const { x, y } = data(n, p, n + p, decimals);
      const opts: CartOptions = { maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, minImpurityDecrease: 0, maxFeatures: 2, splitter: 'random', ...extra };
      const fast = new CartBuilder(x, y);
      const plain = new CartBuilder(x, y);
      plain.unitWeightLoop = false;
      const ones = new Float64Array(n).fill(1);
      for (let seed = 1; seed <= 25; seed++) {
        const a = fast.build(ones, opts, new TreeRandom(seed));
        const b = plain.build(ones, opts, new TreeRandom(seed));
        expect(a.nodeCount).toBeGreaterThan(3);
        expect(bits(a), `seed ${seed}`).toEqual(bits(b));
      }
      // a weighted tree in between (a bootstrap's counts) takes the weighted loop and leaves the next unit tree as it was
      const counts = Float64Array.from({ length: n }, (_, i) => i % 3);
      expect(bits(fast.build(counts, opts, new TreeRandom(99)))).toEqual(bits(plain.build(counts, opts, new TreeRandom(99))));
      expect(bits(fast.build(ones, opts, new TreeRandom(7)))).toEqual(bits(plain.build(ones, opts, new TreeRandom(7))));
    });
  }
});

describe("Extra Trees: a node's weights gathered once for all its features", () => {
  for (const [name, decimals, weighted] of [['unit weights', 6, false], ['bootstrap counts, tied values', 1, true]] as const) {
    it(`grows the trees of the per-feature gather, bit for bit (${name})`, () => {
      const n = 190;
      const { x, y } = data(n, 8, 41, decimals);
      const opts: CartOptions = { maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, minImpurityDecrease: 0, maxFeatures: 3, splitter: 'random' };
      const once = new CartBuilder(x, y);
      const perFeature = new CartBuilder(x, y);
      perFeature.gatherOncePerNode = false;
      for (let seed = 1; seed <= 20; seed++) {
        const w = weighted ? Float64Array.from({ length: n }, (_, i) => (i * 7 + seed * (i >> 3)) % 4) : new Float64Array(n).fill(1);
        const a = once.build(w, opts, new TreeRandom(seed));
        expect(a.nodeCount).toBeGreaterThan(3);
        expect(bits(a), `seed ${seed}`).toEqual(bits(perFeature.build(w, opts, new TreeRandom(seed))));
      }
    });
  }
});
