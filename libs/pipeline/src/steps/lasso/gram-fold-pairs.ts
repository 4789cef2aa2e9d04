/**
 * The Gram-form LASSO paths of the CV folds, two folds at a time in one WebAssembly
 * instance (gram-sweep-kernel.ts, `descendPair`): the folds' descents are
 * independent serial chains, so their sweeps interleaved keep the CPU busy where one
 * chain waits on its own previous coordinate. Each fold does the operations of
 * `lassoCoordinateDescentGram` (coordinate-descent.ts) at each alpha of its path, in
 * the same order, so the bits are those of the fold-by-fold path.
 * Two slots hold the folds in progress; a call returns when either fold ends its alpha
 * (converged or maxIter sweeps), the other stopping mid-alpha with its count and gap in
 * memory. A fold at the end of its path hands its slot to the next fold; the last one
 * left runs alone (`descend` on its slot).
 */
import { compileKernel, instantiateKernel } from '@radsweep/core';
import type { CdResult } from './coordinate-descent';
import { GRAM_SWEEPS_AT, type GramSweepExports, gramLayout, gramSweepModule } from './gram-sweep-kernel';

/** A fold of the path as the driver needs it. */
export interface GramFoldSource {
  /** Fill G = X'X (row-major) and X'y of fold i's centred training part; returns ||y||^2 and the rows n (l1 = alpha n). */
  load(i: number, gram: Float64Array, xty: Float64Array): { yNorm2: number; n: number };
  /** Fold i has ended alpha a with coefficients w (a view, valid during the call). */
  alphaDone(i: number, a: number, w: Float64Array, result: CdResult): void;
}

interface Slot {
  base: number;
  gram: Float64Array;
  xty: Float64Array;
  w: Float64Array;
  h: Float64Array;
  stats: Float64Array;
  sweeps: Int32Array;
  /** The fold in the slot (-1: none), its alpha, n and ||y||^2. */
  fold: number;
  alpha: number;
  n: number;
  yNorm2: number;
}

/** The paths over `alphas` (largest first, warm-started) of folds 0 .. folds - 1, all with p columns and n > p. */
export function descendFoldPairs(p: number, folds: number, alphas: Float64Array, maxIter: number, tol: number, source: GramFoldSource): void {
  const at = gramLayout(p);
  const k = instantiateKernel<GramSweepExports>(compileKernel(gramSweepModule(p), 'LASSO Gram sweep'), 2 * at.bytes);
  const buffer = k.mem.buffer;
  const slots: Slot[] = [0, at.bytes].map((base) => ({
    base,
    gram: new Float64Array(buffer, base, p * p),
    xty: new Float64Array(buffer, base + at.xty, p),
    w: new Float64Array(buffer, base + at.w, p),
    h: new Float64Array(buffer, base + at.h, p),
    stats: new Float64Array(buffer, base + at.stats, 3),
    sweeps: new Int32Array(buffer, base + at.stats + GRAM_SWEEPS_AT, 1),
    fold: -1,
    alpha: 0,
    n: 0,
    yNorm2: 0,
  }));
  let next = 0;

  // As lassoCoordinateDescentGram at a new alpha: h = G w summed row by row over the non-zero w_j (GramSpace.resetH).
  const startAlpha = (s: Slot) => {
    s.h.fill(0);
    for (let j = 0; j < p; j++) if (s.w[j] !== 0) k.addRow(p, j, s.w[j], s.base);
    s.stats[2] = tol * s.yNorm2 + 1;
    s.sweeps[0] = 0;
  };
  const loadNext = (s: Slot) => {
    s.fold = next < folds && alphas.length > 0 ? next++ : -1;
    if (s.fold < 0) return;
    const { yNorm2, n } = source.load(s.fold, s.gram, s.xty);
    s.w.fill(0);
    s.alpha = 0;
    s.n = n;
    s.yNorm2 = yNorm2;
    startAlpha(s);
  };
  const endAlpha = (s: Slot) => {
    source.alphaDone(s.fold, s.alpha, s.w, { gap: s.stats[2], iterations: s.sweeps[0] });
    if (++s.alpha < alphas.length) startAlpha(s);
    else loadNext(s);
  };
  const [a, b] = slots;
  loadNext(a);
  loadNext(b);
  const l1 = (s: Slot) => alphas[s.alpha] * s.n;
  while (a.fold >= 0 || b.fold >= 0) {
    let done: number;
    if (a.fold >= 0 && b.fold >= 0) done = k.descendPair(p, l1(a), l1(b), maxIter, tol, a.yNorm2, b.yNorm2, a.base, b.base);
    else {
      const s = a.fold >= 0 ? a : b;
      done = k.descend(p, l1(s), maxIter, tol, s.yNorm2, s.base) === 0 ? 0 : s === a ? 1 : 2;
    }
    if (done & 1) endAlpha(a);
    if (done & 2) endAlpha(b);
  }
}
