/**
 * The state of the Gram-form LASSO coordinate descent on p columns: G = X'X
 * (p x p, row-major), X'y, the coefficients w and h = G w, and the sweep over the
 * coordinates that updates w and h (see coordinate-descent.ts). With kernel 'wasm'
 * (the default; RADSWEEP_KERNELS=js chooses 'js') they live in the memory of a
 * WebAssembly instance and a whole sweep is one call into gram-sweep-kernel.ts;
 * with 'js' they are plain arrays and the sweep is the JavaScript loop below.
 * Both do the same floating-point operations in the same order, so they give the
 * same bits (tests/pipeline/lasso-gram-space.test.ts); the kernel is ~5x faster
 * than the scalar loop over a crlm LassoCV path (benchmarks/lasso-path.bench.ts).
 * Each space has its own memory.
 */
import { type KernelChoice, compileKernel, instantiateKernel, kernelChoice } from '@radsweep/core';
import { type GramSweepExports, gramLayout, gramSweepModule } from './gram-sweep-kernel';

/** 'wasm' (the kernel) or 'js' (the JavaScript loop), as every kernel in the project (@radsweep/core KernelChoice). */
export type GramKernel = KernelChoice;

/** The coordinate minimiser S(z, l1) / denom (S: soft threshold). */
export function softThreshold(z: number, l1: number, denom: number): number {
  const mag = Math.abs(z) - l1;
  return mag > 0 ? (Math.sign(z) * mag) / denom : 0;
}

export class GramSpace {
  readonly kernel: GramKernel;
  /** G, row-major p x p: fill it in place. */
  readonly gram: Float64Array;
  /** X'y: fill it in place. */
  readonly xty: Float64Array;
  /** The coefficients, updated in place by each sweep (the warm start of the next). */
  readonly w: Float64Array;
  /** h = G w, kept up to date by the sweeps once `resetH` has set it. */
  readonly h: Float64Array;
  /** [max_j |w_j|, max_j |change of w_j|] over the coordinates of the last sweep, and the gap of the last `descend`. */
  readonly stats: Float64Array;
  private readonly exports?: GramSweepExports;

  constructor(readonly p: number, kernel: GramKernel = kernelChoice()) {
    this.kernel = kernel;
    const at = gramLayout(p);
    let buffer = new ArrayBuffer(at.bytes);
    if (kernel === 'wasm') {
      this.exports = instantiateKernel<GramSweepExports>(compileKernel(gramSweepModule(p), 'LASSO Gram sweep'), at.bytes);
      buffer = this.exports.mem.buffer;
    }
    this.gram = new Float64Array(buffer, 0, p * p);
    this.h = new Float64Array(buffer, at.h, p);
    this.w = new Float64Array(buffer, at.w, p);
    this.xty = new Float64Array(buffer, at.xty, p);
    this.stats = new Float64Array(buffer, at.stats, 3);
  }

  /** h += delta * G[j, :]. */
  addRow(j: number, delta: number): void {
    if (this.exports) this.exports.addRow(this.p, j, delta);
    else addRowScalar(this.h, this.gram, this.p, j * this.p, delta);
  }

  /** h = G w, summed row by row over the non-zero w_j in order of j. */
  resetH(): void {
    this.h.fill(0);
    for (let k = 0; k < this.p; k++) if (this.w[k] !== 0) this.addRow(k, this.w[k]);
  }

  /** One cyclic sweep over the coordinates at penalty l1 (= alpha n); sets `stats[0]`, `stats[1]`. */
  sweep(l1: number): void {
    if (this.exports) this.exports.sweep(this.p, l1);
    else scalarSweep(this, l1);
  }

  /**
   * The kernel's whole descent at penalty l1 (sweeps and gap checks, as the loop of
   * `lassoCoordinateDescentGram`, whose result it returns); undefined with the scalar kernel.
   */
  descend(l1: number, yNorm2: number, maxIter: number, tol: number): { gap: number; iterations: number } | undefined {
    if (!this.exports) return undefined;
    const iterations = this.exports.descend(this.p, l1, maxIter, tol, yNorm2);
    return { gap: this.stats[2], iterations };
  }
}

function addRowScalar(h: Float64Array, gram: Float64Array, p: number, row: number, delta: number): void {
  for (let k = 0; k < p; k++) h[k] += delta * gram[row + k];
}

/**
 * The sweep in JavaScript (the kernel's specification): for each j with
 * G[j, j] != 0, X_j . r_j = (X'y)_j - h_j + w_j G[j, j] (r_j: the residual without
 * feature j). scikit-learn removes w_j from h and adds the new value back (two
 * passes over p); one pass with the change is the same sum.
 */
function scalarSweep(space: GramSpace, l1: number): void {
  const { p, gram, xty, w, h } = space;
  let wMax = 0;
  let dwMax = 0;
  for (let j = 0; j < p; j++) {
    const qjj = gram[j * p + j];
    if (qjj === 0) continue;
    const old = w[j];
    const wj = softThreshold(xty[j] - h[j] + old * qjj, l1, qjj);
    w[j] = wj;
    const delta = wj - old;
    if (delta !== 0) {
      // h[k] = h[k] + delta G[j, k], four k per turn (V8 does not unroll it).
      const row = j * p;
      let k = 0;
      for (; k + 4 <= p; k += 4) {
        h[k] += delta * gram[row + k];
        h[k + 1] += delta * gram[row + k + 1];
        h[k + 2] += delta * gram[row + k + 2];
        h[k + 3] += delta * gram[row + k + 3];
      }
      for (; k < p; k++) h[k] += delta * gram[row + k];
    }
    dwMax = Math.max(dwMax, Math.abs(delta));
    wMax = Math.max(wMax, Math.abs(wj));
  }
  space.stats[0] = wMax;
  space.stats[1] = dwMax;
}
