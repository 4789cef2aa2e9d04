import { describe, expect, it } from 'vitest';
import { Rng } from '@radsweep/core';
import { scanDense, scanSparse } from '../../libs/classifiers/src/boosting/histogram-split-scan';

/**
 * The split scan over a feature's marked bins only (scanSparse) against the scan over every
 * bin (scanDense), bit for bit: winning bin, gain, left count, gradient and hessian. The
 * histograms mix bins with rows, all-zero bins (left unmarked, or marked, as a larger child
 * inherits its parent's marks) and subtraction residues (count 0, tiny nonzero g and h, also
 * negative: they must be summed and can win); bin counts 2..256 put the last bin anywhere in
 * its 32-bit word, and the node totals, min_samples_leaf, min_hessian_to_split, l2 and the best
 * gain so far vary.
 */
describe('histogram split scan over marked bins', () => {
  it('gives the dense scan\'s result on 20,000 random histograms', () => {
    const rng = new Rng(2026);
    const dense = new Float64Array(5);
    const sparse = new Float64Array(5);
    let won = 0;
    let residueWon = 0;
    for (let trial = 0; trial < 20_000; trial++) {
      const bins = 2 + rng.int(255);
      const off = rng.int(4);
      const sums = new Float64Array(3 * (off + bins + 2)).fill(NaN); // outside the feature: never read
      const map = new Int32Array(1 + ((bins + 31) >> 5) + 1).fill(-1);
      const wo = 1;
      for (let w = 0; w < (bins + 31) >> 5; w++) map[wo + w] = 0;
      const fill = rng.next();
      let count = 0;
      let G = 0;
      let H = 0;
      const residues = new Set<number>();
      for (let b = 0; b < bins; b++) {
        const at = 3 * (off + b);
        const u = rng.next();
        let g = 0;
        let h = 0;
        let c = 0;
        if (u < fill) {
          c = 1 + rng.int(4);
          for (let k = 0; k < c; k++) {
            const q = rng.next();
            g += q - rng.int(2);
            h += q * (1 - q);
          }
        } else if (u < fill + 0.15 * (1 - fill)) {
          g = (rng.next() - 0.5) * 1e-3 * rng.next();
          h = (rng.next() - 0.5) * 1e-4 * rng.next();
          residues.add(b);
        }
        sums[at] = g;
        sums[at + 1] = h;
        sums[at + 2] = c;
        count += c;
        G += g;
        H += h;
        // unmarked only when all three are zero; some zero bins stay marked
        if (c !== 0 || g !== 0 || h !== 0 || rng.next() < 0.2) map[wo + (b >> 5)] |= 1 << (b & 31);
      }
      const msl = 1 + rng.int(8);
      const minHess = rng.next() < 0.5 ? 1e-3 : rng.next() * 0.5;
      const l2 = rng.next() < 0.5 ? 0 : rng.next();
      const value = -G / (H + l2 + 1e-15);
      const lossNode = G * value;
      const bestGain = rng.next() < 0.5 ? 0 : rng.next() * 0.05;
      const lastBin = bins - 1;
      const node = { count, G, H, lossNode, msl, minHess, l2 };
      dense.set([bestGain, -1, 0, 0, 0]);
      sparse.set([bestGain, -1, 0, 0, 0]);
      scanDense(sums, off, lastBin, node, dense);
      scanSparse(sums, off, map, wo, lastBin, node, sparse);
      for (let k = 0; k < 5; k++) expect(Object.is(sparse[k], dense[k]), `trial ${trial}: win[${k}] ${sparse[k]} vs ${dense[k]}`).toBe(true);
      if (dense[1] >= 0) {
        won++;
        if (residues.has(dense[1])) residueWon++;
      }
    }
    // the comparison means something: most scans find a split, and residue bins win some
    expect(won).toBeGreaterThan(10_000);
    expect(residueWon).toBeGreaterThan(20);
  });
});
