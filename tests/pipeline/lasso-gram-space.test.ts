import { describe, expect, it } from 'vitest';
import { Rng, takeRows } from '@radsweep/core';
import { MedianImputer, StandardScaler, WelchTTestSelector } from '../../libs/pipeline/src/steps';
import { lassoCoordinateDescentGram } from '../../libs/pipeline/src/steps/lasso/coordinate-descent';
import { type GramKernel, GramSpace } from '../../libs/pipeline/src/steps/lasso/gram-space';
import { SWEEP_BLOCK } from '../../libs/pipeline/src/steps/lasso/gram-sweep-kernel';
import { alphaGrid, lassoCvMeanMse } from '../../libs/pipeline/src/steps/lasso/lasso-path';
import { SWEEPS, sweepTrainingPart } from './steps-reference-fixture';

/** The scalar update the kernel must reproduce bit for bit: h[k] = h[k] + delta * G[j, k]. */
function scalarAddRow(h: Float64Array, gram: Float64Array, p: number, j: number, delta: number): void {
  for (let k = 0; k < p; k++) h[k] += delta * gram[j * p + k];
}

/**
 * One Gram coordinate-descent sweep written plainly (the test's own copy of the
 * specification): z = (X'y_j - h_j) + w_j G_jj, w_j = sign(z) max(|z| - l1, 0) / G_jj,
 * h += (change) G[j, :] when the change is not 0. Returns [max |w_j|, max |change|].
 */
function referenceSweep(gram: Float64Array, xty: Float64Array, w: Float64Array, h: Float64Array, p: number, l1: number): [number, number] {
  let wMax = 0;
  let dwMax = 0;
  for (let j = 0; j < p; j++) {
    const q = gram[j * p + j];
    if (q === 0) continue;
    const z = xty[j] - h[j] + w[j] * q;
    const mag = Math.abs(z) - l1;
    const wj = mag > 0 ? (Math.sign(z) * mag) / q : 0;
    const delta = wj - w[j];
    w[j] = wj;
    if (delta !== 0) scalarAddRow(h, gram, p, j, delta);
    dwMax = Math.max(dwMax, Math.abs(delta));
    wMax = Math.max(wMax, Math.abs(wj));
  }
  return [wMax, dwMax];
}

/** The bits of each value (so -0 differs from 0 and NaNs compare by payload). */
const bits = (v: ArrayLike<number>) => Array.from(new BigUint64Array(Float64Array.from(v).buffer), (b) => b.toString(16));

interface GramProblem {
  p: number;
  gram: Float64Array;
  xty: Float64Array;
  yNorm2: number;
  alphaMaxN: number;
}

/**
 * X'X and X'y of a random centred n x p problem; `collinear` makes every third
 * column a combination of the two before it (a singular G), and zeroes one column
 * (G_jj = 0, skipped by the sweep).
 */
function gramProblem(p: number, n: number, seed: number, collinear: boolean, coef?: (j: number) => number): GramProblem {
  const rng = new Rng(seed);
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      x[i * p + j] = collinear && j % 3 === 2 ? 0.5 * x[i * p + j - 1] - 2 * x[i * p + j - 2] : rng.normal();
      if (collinear && j === p - 1 && p > 3) x[i * p + j] = 0;
    }
    y[i] = rng.normal();
    if (coef) for (let j = 0; j < p; j++) y[i] += coef(j) * x[i * p + j];
    else y[i] += p > 1 ? x[i * p] - 0.5 * x[i * p + 1] : x[i * p];
  }
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * p + j];
    for (let i = 0; i < n; i++) x[i * p + j] -= m / n;
  }
  const yMean = y.reduce((a, b) => a + b, 0) / n;
  for (let i = 0; i < n; i++) y[i] -= yMean;
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    for (let i = 0; i < n; i++) xty[a] += x[i * p + a] * y[i];
    for (let b = 0; b < p; b++) for (let i = 0; i < n; i++) gram[a * p + b] += x[i * p + a] * x[i * p + b];
  }
  const alphaMaxN = Math.max(...Array.from(xty, Math.abs));
  return { p, gram, xty, yNorm2: y.reduce((s, v) => s + v * v, 0), alphaMaxN };
}

function spaceFor(problem: GramProblem, kernel: GramKernel): GramSpace {
  const space = new GramSpace(problem.p, kernel);
  space.gram.set(problem.gram);
  space.xty.set(problem.xty);
  return space;
}

// Both kernels always: an engine that cannot compile the SIMD module fails here, it is not skipped.
const kernels: GramKernel[] = ['wasm', 'js'];
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 25, 90, 93];

describe('GramSpace.addRow (h += delta * G[j, :])', () => {
  it.each(kernels.flatMap((k) => SIZES.map((p) => [k, p] as const)))('%s equals the scalar loop bit for bit, p = %i', (kernel, p) => {
    const rng = new Rng(1000 + p);
    const space = new GramSpace(p, kernel);
    const gram = new Float64Array(p * p);
    for (let i = 0; i < p * p; i++) gram[i] = rng.normal() * 10 ** rng.int(6);
    space.gram.set(gram);
    const h = new Float64Array(p);
    for (let step = 0; step < 50; step++) {
      const j = rng.int(p);
      const delta = rng.normal() * 1e-3;
      space.addRow(j, delta);
      scalarAddRow(h, gram, p, j, delta);
    }
    expect(bits(space.h)).toEqual(bits(h));
    expect(h.some((v) => v !== 0)).toBe(true);
  });

  it('spaces do not share memory, and a large p grows the memory', () => {
    const a = new GramSpace(200); // 321 KB: more than the first 64 KiB page
    const b = new GramSpace(200);
    a.gram.fill(1);
    b.gram.fill(2);
    a.addRow(199, 3);
    expect(a.h.every((v) => v === 3)).toBe(true);
    expect(b.h.every((v) => v === 0)).toBe(true);
    expect(a.gram[200 * 200 - 1]).toBe(1);
  });
});

describe.each(kernels)('GramSpace.sweep, %s kernel', (kernel) => {
  it.each(SIZES.flatMap((p) => [[p, false] as const, [p, true] as const]))('equals the plain sweep bit for bit, p = %i, collinear %s', (p, collinear) => {
    const problem = gramProblem(p, p + 20, 50 + p, collinear);
    const space = spaceFor(problem, kernel);
    const w = new Float64Array(p);
    const h = new Float64Array(p);
    let moved = 0;
    // A path of penalties from alpha_max down, warm-started, 20 sweeps each: w and h must stay equal throughout.
    for (const frac of [1.0001, 0.5, 0.1, 0.01, 0.001, 0]) {
      for (let s = 0; s < 20; s++) {
        const max = referenceSweep(problem.gram, problem.xty, w, h, p, frac * problem.alphaMaxN);
        space.sweep(frac * problem.alphaMaxN);
        expect(bits(space.w)).toEqual(bits(w));
        expect(bits(space.h)).toEqual(bits(h));
        expect(bits(space.stats.subarray(0, 2))).toEqual(bits(max));
        if (max[1] !== 0) moved++;
      }
    }
    expect(moved).toBeGreaterThanOrEqual(5);
    expect(w.some((v) => v !== 0)).toBe(true);
  });
});

describe('GramSpace.sweep, wasm kernel built per p: every count of changes a block hands to the next', () => {
  // The kernel applies a block's non-zero changes to h in the next block, in a version of that block per
  // count (0 .. SWEEP_BLOCK) and unrolled chunks for its p, the odd last element in the last chunk. A
  // signal on scattered columns with penalties along the path leaves blocks with every count of changes.
  it('equals the plain sweep bit for bit for p below, at and above the block size, odd and even', () => {
    const seen = new Set<number>();
    for (const p of [3, 4, 6, 9, 13, 30, 51, 93]) {
      const problem = gramProblem(p, p + 40, 300 + p, false, (j) => (j % 3 === 0 ? 1 / (1 + j) : j % 7 === 1 ? -0.5 : 0));
      const space = spaceFor(problem, 'wasm');
      const w = new Float64Array(p);
      const h = new Float64Array(p);
      for (const frac of [0.6, 0.3, 0.1, 0.03, 0.003]) {
        for (let s = 0; s < 12; s++) {
          const before = Float64Array.from(w);
          const max = referenceSweep(problem.gram, problem.xty, w, h, p, frac * problem.alphaMaxN);
          space.sweep(frac * problem.alphaMaxN);
          expect(bits(space.w)).toEqual(bits(w));
          expect(bits(space.h)).toEqual(bits(h));
          expect(bits(space.stats.subarray(0, 2))).toEqual(bits(max));
          for (let j0 = 0; j0 < p; j0 += SWEEP_BLOCK) {
            let count = 0;
            for (let j = j0; j < Math.min(j0 + SWEEP_BLOCK, p); j++) if (w[j] !== before[j]) count++;
            seen.add(count);
          }
        }
      }
    }
    expect([...seen].sort()).toEqual(Array.from({ length: SWEEP_BLOCK + 1 }, (_, c) => c));
  });
});

describe('lassoCoordinateDescentGram: the descent inside the kernel equals the JavaScript loop', () => {
  it.each(SIZES.flatMap((p) => [[p, false] as const, [p, true] as const]))('p = %i, collinear %s', (p, collinear) => {
    const problem = gramProblem(p, p + 30, 900 + p, collinear);
    const simd = spaceFor(problem, 'wasm');
    const scalar = spaceFor(problem, 'js');
    const xtr = new Float64Array(p);
    let checks = 0;
    // Warm starts along a path; maxIter 7 makes some alphas stop at maxIter, tol 1e-12 some run long.
    for (const [frac, maxIter, tol] of [[1.0001, 1000, 1e-4], [0.3, 7, 1e-4], [0.05, 1000, 1e-4], [0.01, 1000, 1e-12], [0.001, 7, 1e-4]] as const) {
      const l1 = frac * problem.alphaMaxN;
      const a = lassoCoordinateDescentGram(l1, simd, problem.yNorm2, xtr, maxIter, tol);
      const b = lassoCoordinateDescentGram(l1, scalar, problem.yNorm2, xtr, maxIter, tol);
      expect(a.iterations).toBe(b.iterations);
      expect(bits([a.gap])).toEqual(bits([b.gap]));
      expect(bits(simd.w)).toEqual(bits(scalar.w));
      expect(bits(simd.h)).toEqual(bits(scalar.h));
      checks += b.iterations;
    }
    expect(checks).toBeGreaterThan(5);
  });
});

/** The protocol's LassoCV input: imputed, z-scored, t-test-selected training part (its first `rows` rows). */
async function lassoInput(sweep: (typeof SWEEPS)[number], rows?: number) {
  const f = await sweepTrainingPart(sweep);
  const idx = Int32Array.from({ length: rows ?? f.x.rows }, (_, i) => i);
  const x0 = takeRows(f.x, idx);
  const y = f.y.subarray(0, idx.length);
  const filled = new MedianImputer().fit(x0, y).transform(x0);
  const z = new StandardScaler().fit(filled, y).transform(filled);
  return { x: new WelchTTestSelector().fit(z, y).transform(z), y: Float64Array.from(y) };
}

describe('LassoCV mean-MSE path: WebAssembly kernel and JavaScript fallback give the same bits', () => {
  const cases = [
    ...SWEEPS.map((sweep) => ({ name: sweep.file, sweep, rows: undefined })),
    { name: 'crlm radiomics, first 125 rows (a grid-search fold)', sweep: SWEEPS[1], rows: 125 },
  ];
  it.each(cases)('$name', async ({ sweep, rows }) => {
    const { x, y } = await lassoInput(sweep, rows);
    const alphas = alphaGrid(x, y, 100, 1e-3);
    const run = (gramKernel: GramKernel) => lassoCvMeanMse(x, y, alphas, 10, { maxIter: 1000, tol: 1e-4, gramKernel });
    const a = run('wasm');
    const b = run('js');
    expect(bits(a.meanMse)).toEqual(bits(b.meanMse));
    expect(a.sweeps).toBe(b.sweeps);
    expect(a.notConverged).toBe(b.notConverged);
    // The Gram form is the one in use (9/10 of the rows outnumber the columns).
    expect(Math.floor((x.rows * 9) / 10)).toBeGreaterThan(x.cols);
  });
});
