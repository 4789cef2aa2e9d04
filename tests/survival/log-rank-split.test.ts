import { describe, expect, it } from 'vitest';
import { Rng } from '@radsweep/core';
import { bestLogRankSplit, nodeTimes } from '@radsweep/survival';

/**
 * The one-sweep log-rank split search against ranger's own loop (TreeSurvival::
 * findBestSplitValueLogRank, ranger 0.14), written out directly here: for every split value, the
 * statistic summed time point by time point, stopping where fewer than 2 are at risk.
 */
function rangerBest(values: number[], time: number[], event: number[], minNodeSize: number): { statistic: number; value: number } | null {
  const m = values.length;
  const grid = [...new Set(time)].sort((a, b) => a - b);
  const atRisk = grid.map((t) => time.filter((s) => s >= t).length);
  const deaths = grid.map((t) => time.filter((s, k) => s === t && event[k] === 1).length);
  const splits = [...new Set(values)].sort((a, b) => a - b);
  let best: { statistic: number; value: number } | null = null;
  for (let i = 0; i < splits.length - 1; i++) {
    const right = values.map((v) => v > splits[i]);
    const nRight = right.filter(Boolean).length;
    if (nRight < minNodeSize || m - nRight < minNodeSize) continue;
    let num = 0;
    let den = 0;
    for (let t = 0; t < grid.length; t++) {
      const y1 = time.filter((s, k) => right[k] && s >= grid[t]).length;
      if (atRisk[t] < 2 || y1 < 1) break;
      if (deaths[t] > 0) {
        const d1 = time.filter((s, k) => right[k] && s === grid[t] && event[k] === 1).length;
        const [di, yi] = [deaths[t], atRisk[t]];
        num += d1 - y1 * (di / yi);
        den += (y1 / yi) * (1 - y1 / yi) * ((yi - di) / (yi - 1)) * di;
      }
    }
    if (den === 0) continue;
    const stat = Math.abs(num / Math.sqrt(den));
    if (best === null || stat > best.statistic) best = { statistic: stat, value: (splits[i] + splits[i + 1]) / 2 };
  }
  return best;
}

describe('log-rank split search', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`equals ranger's split-by-split statistic on a node with tied times, tied values and bootstrap repeats (seed ${seed})`, () => {
      const rng = new Rng(seed);
      const n = 60;
      const time = Array.from({ length: n }, () => 1 + rng.int(25));
      const event = Array.from({ length: n }, () => (rng.next() < 0.6 ? 1 : 0));
      const x = Array.from({ length: n }, (_, i) => rng.int(12) + (time[i] < 10 ? 3 : 0));
      const rows = Int32Array.from({ length: 80 }, () => rng.int(n)); // bootstrap draws, repeats kept
      const tArr = Float64Array.from(time);
      const eArr = Uint8Array.from(event);
      const values = Float64Array.from(rows, (r) => x[r]);
      const minNodeSize = 3 + (seed % 3);
      const got = bestLogRankSplit(values, nodeTimes(rows, tArr, eArr), eArr, rows, minNodeSize);
      const want = rangerBest(Array.from(values), Array.from(rows, (r) => time[r]), Array.from(rows, (r) => event[r]), minNodeSize);
      expect(want).not.toBeNull();
      expect(got!.statistic).toBeCloseTo(want!.statistic, 10);
      expect(got!.value).toBe(want!.value);
    });
  }
});
