import { alignedBytes, compileKernel, instantiateKernel as instantiate, kernelChoice } from '@radsweep/core';
import { DUAL_PASS_MODULE, WasmDualPass } from './wasm-dual-pass';

/**
 * Where the linear SVM's dual solver keeps its arrays and how it runs a pass over the active
 * set: 'wasm' (wasm-dual-pass.ts, the whole pass in one call into a WebAssembly SIMD module
 * whose memory holds the arrays) or 'js' (`jsDualPass` over plain arrays). Both give the
 * same numbers bit for bit; 'auto' is the process-wide choice (`RADSWEEP_KERNELS`, wasm unless set to js).
 */
export type SvmDualKernelKind = 'wasm' | 'js' | 'auto';

let defaultKind: SvmDualKernelKind = 'auto';

/** The kernel `fitLinearSvmDual` uses when not told (benchmarks and tests compare the two). */
export function setSvmDualKernel(kind: SvmDualKernelKind): void {
  defaultKind = kind;
}

export function svmDualKernel(): SvmDualKernelKind {
  return defaultKind;
}

/** The solver's state, where the kernel can reach it. */
export interface DualPassArrays {
  /** The n x p training rows (row-major; filled by the caller), w (p), alpha, QD_ii, the label signs s_i (n each). */
  readonly x: Float64Array;
  readonly w: Float64Array;
  readonly alpha: Float64Array;
  readonly qd: Float64Array;
  readonly sign: Float64Array;
  /** The visiting order, the active set first. */
  readonly index: Int32Array;
  /** [w_b (the constant feature's weight), max PG, min PG of the last pass]. */
  readonly stats: Float64Array;
}

export interface DualPassKernel {
  readonly kind: 'wasm' | 'js';
  readonly arrays: DualPassArrays;
  /** Visits index[0 .. active) in order (shrinking as liblinear does); returns the new active size. */
  pass(active: number, pgMaxOld: number): number;
}

/** A kernel for n rows of p features; 'wasm' on an engine that cannot compile the module is an error (run with RADSWEEP_KERNELS=js). */
export function createDualPassKernel(kind: SvmDualKernelKind, n: number, p: number, diag: number, scaling: number): DualPassKernel {
  if ((kind === 'auto' ? kernelChoice() : kind) === 'js') return new JsDualPass(n, p, diag, scaling);
  return new WasmDualPassKernel(compileKernel(DUAL_PASS_MODULE, 'linear SVM dual pass'), n, p, diag, scaling);
}

class JsDualPass implements DualPassKernel {
  readonly kind = 'js';
  readonly arrays: DualPassArrays;

  constructor(n: number, private readonly p: number, private readonly diag: number, private readonly scaling: number) {
    const [x, w, alpha, qd, sign, stats] = [n * p, p, n, n, n, 3].map((m) => new Float64Array(m));
    this.arrays = { x, w, alpha, qd, sign, stats, index: new Int32Array(n) };
  }

  pass(active: number, pgMaxOld: number): number {
    return jsDualPass(this.arrays, this.p, active, pgMaxOld, this.diag, this.scaling);
  }
}

/**
 * One pass of liblinear's solve_l2r_l1l2_svc over index[0 .. active): for each i, the
 * gradient g = s_i w~ . x~_i - 1 + alpha_i diag, its projection PG on alpha_i >= 0, the
 * shrinking test (alpha_i = 0 and g > the last pass's max PG: move i out of the active set),
 * and the update alpha_i = max(alpha_i - g / QD_ii, 0) with w~ += (change) s_i x~_i.
 * (liblinear's other bound, the last min PG, only shrinks at the L1-loss SVM's upper bound C:
 * the L2-loss dual has none.)
 */
export function jsDualPass(k: DualPassArrays, p: number, active: number, pgMaxOld: number, diag: number, scaling: number): number {
  const { x: data, w, alpha, qd, sign, index, stats } = k;
  let wb = stats[0];
  let pgMax = -Infinity;
  let pgMin = Infinity;
  for (let s = 0; s < active; s++) {
    const i = index[s];
    const si = sign[i];
    const o = i * p;
    const g = si * (rowDot(data, o, w, p) + wb * scaling) - 1 + alpha[i] * diag;
    let pg = 0;
    if (alpha[i] === 0) {
      if (g > pgMaxOld) {
        active--;
        index[s] = index[active];
        index[active] = i;
        s--;
        continue;
      } else if (g < 0) pg = g;
    } else pg = g;
    if (pg > pgMax) pgMax = pg;
    if (pg < pgMin) pgMin = pg;
    if (Math.abs(pg) > 1e-12) {
      const old = alpha[i];
      alpha[i] = Math.max(old - g / qd[i], 0);
      const d = (alpha[i] - old) * si;
      rowAxpy(d, data, o, w, p);
      wb += d * scaling;
    }
  }
  stats[0] = wb;
  stats[1] = pgMax;
  stats[2] = pgMin;
  return active;
}

/**
 * data[o .. o+p) . w with four partial sums: the solver's time is this dot product, and one
 * running sum is bound by the add latency (the sum order only moves g by rounding).
 */
function rowDot(data: Float64Array, o: number, w: Float64Array, p: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < p; j += 4) {
    s0 += w[j] * data[o + j];
    s1 += w[j + 1] * data[o + j + 1];
    s2 += w[j + 2] * data[o + j + 2];
    s3 += w[j + 3] * data[o + j + 3];
  }
  for (; j < p; j++) s0 += w[j] * data[o + j];
  return s0 + s1 + (s2 + s3);
}

/** w += d * data[o .. o+p), unrolled by four. */
function rowAxpy(d: number, data: Float64Array, o: number, w: Float64Array, p: number): void {
  let j = 0;
  for (; j + 3 < p; j += 4) {
    w[j] += d * data[o + j];
    w[j + 1] += d * data[o + j + 1];
    w[j + 2] += d * data[o + j + 2];
    w[j + 3] += d * data[o + j + 3];
  }
  for (; j < p; j++) w[j] += d * data[o + j];
}

/** One module instance per fit: its memory holds X, w, alpha, QD, the signs, the stats, then the order (16-byte aligned). */
class WasmDualPassKernel implements DualPassKernel {
  readonly kind = 'wasm';
  readonly arrays: DualPassArrays;
  private readonly run: WasmDualPass;

  constructor(module: object, n: number, private readonly p: number, private readonly diag: number, private readonly scaling: number) {
    const lengths = [n * p, p, n, n, n, 3];
    const exports = instantiate<{ dualPass: WasmDualPass }>(module, lengths.reduce((s, m) => s + alignedBytes(m), 0) + n * 4);
    let at = 0;
    const [x, w, alpha, qd, sign, stats] = lengths.map((m) => {
      const view = new Float64Array(exports.mem.buffer, at, m);
      at += alignedBytes(m);
      return view;
    });
    this.arrays = { x, w, alpha, qd, sign, stats, index: new Int32Array(exports.mem.buffer, at, n) };
    this.run = exports.dualPass;
  }

  pass(active: number, pgMaxOld: number): number {
    const { x, w, alpha, qd, sign, index, stats } = this.arrays;
    return this.run(
      x.byteOffset, 8 * this.p, this.p, w.byteOffset, alpha.byteOffset, qd.byteOffset, sign.byteOffset,
      index.byteOffset, stats.byteOffset, active, pgMaxOld, this.diag, this.scaling,
    );
  }
}
