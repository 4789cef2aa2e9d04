import { describe, expect, it } from 'vitest';
import { Rng } from '@radsweep/core';
import { HistogramTreeGrower } from '../../libs/classifiers/src/boosting/histogram-tree-grower';

/** The grower's histogram of one node, read through its private members (white-box test). */
interface GrowerInternals {
  partition: Int32Array;
  pool: { sums: Float64Array; touched: Uint8Array; touchedCount: Int32Array }[];
  buildHistogram(node: { start: number; end: number }, grad: Float32Array, hess: Float32Array): number;
  release(node: { hist: number }): void;
}

/**
 * The histogram built several features per pass over the rows against a plain one: per
 * feature, the node's rows in partition order added bin by bin. Feature counts 1..9 cover
 * every split into passes of four, two and one; few distinct bins per feature make each
 * touched list short, so a list written past its end would show in its neighbour's.
 */
describe('histogram building (several features per pass)', () => {
  for (let p = 1; p <= 9; p++) {
    it(`${p} feature(s): sums, counts and touched bins equal the plain per-feature sums, bit for bit`, () => {
      const rng = new Rng(100 + p);
      const n = 90;
      const binCounts = Array.from({ length: p }, (_, f) => 2 + ((f * 7) % 11));
      const edges = binCounts.map((b) => Float64Array.from({ length: b - 1 }, (_, k) => k + 0.5));
      const bins = new Uint8Array(n * p);
      for (let f = 0; f < p; f++) for (let i = 0; i < n; i++) bins[f * n + i] = rng.int(binCounts[f]);
      const grad = Float32Array.from({ length: n }, () => rng.normal());
      const hess = Float32Array.from({ length: n }, () => rng.next() / 4);
      const grower = new HistogramTreeGrower(
        { rows: n, cols: p, bins, edges },
        { maxLeafNodes: 7, maxDepth: Infinity, minSamplesLeaf: 5, l2: 0, minHessianToSplit: 1e-3, shrinkage: 0.1 },
      ) as unknown as GrowerInternals;
      // a node of 60 rows in a shuffled order, then a second node of 25 rows in a reused buffer
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      grower.partition.set(order);
      const first = { start: 10, end: 70, hist: -1 };
      first.hist = grower.buildHistogram(first, grad, hess);
      check(first, grower, bins, binCounts, n, grad, hess);
      grower.release(first);
      const second = { start: 40, end: 65, hist: -1 };
      second.hist = grower.buildHistogram(second, grad, hess);
      expect(second.hist).toBe(0);
      check(second, grower, bins, binCounts, n, grad, hess);
    });
  }
});

function check(
  node: { start: number; end: number; hist: number },
  grower: GrowerInternals,
  bins: Uint8Array,
  binCounts: number[],
  n: number,
  grad: Float32Array,
  hess: Float32Array,
): void {
  const { sums, touched, touchedCount } = grower.pool[node.hist];
  let off = 0;
  for (let f = 0; f < binCounts.length; f++) {
    const g = new Float64Array(binCounts[f]);
    const h = new Float64Array(binCounts[f]);
    const c = new Float64Array(binCounts[f]);
    for (let k = node.start; k < node.end; k++) {
      const i = grower.partition[k];
      const b = bins[f * n + i];
      g[b] += grad[i];
      h[b] += hess[i];
      c[b] += 1;
    }
    const expected: number[] = [];
    const actual: number[] = [];
    for (let b = 0; b < binCounts[f]; b++) {
      expected.push(g[b], h[b], c[b]);
      actual.push(sums[3 * (off + b)], sums[3 * (off + b) + 1], sums[3 * (off + b) + 2]);
    }
    expect(actual, `feature ${f}`).toEqual(expected);
    const listed = Array.from(touched.subarray(off + f, off + f + touchedCount[f])).sort((a, b) => a - b);
    expect(listed, `touched bins of feature ${f}`).toEqual([...c.keys()].filter((b) => c[b] > 0));
    off += binCounts[f];
  }
}
