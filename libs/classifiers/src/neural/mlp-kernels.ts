import { activate, multiplyByDerivative } from './activations';
import { adamUpdate } from './adam';
import { RowSumScratch, rowSums } from './row-sums';
import { alignedBytes as aligned, assembleModule, compileKernel, instantiateKernel as instantiate, kernelChoice } from '@radsweep/core';
import { ELEMENTWISE_FUNCTIONS, WasmElementwise } from './wasm-elementwise';
import { ROW_SUMS_FUNCTIONS, WasmRowSums } from './wasm-row-sums';

/**
 * Where an MlpNetwork keeps its buffers and how it sums rows: 'wasm' (the WebAssembly SIMD
 * kernels, wasm-row-sums.ts and wasm-elementwise.ts, over buffers in the module's memory) or
 * 'js' (row-sums.ts, activations.ts, adam.ts over plain arrays). Both give the same numbers
 * bit for bit; 'auto' is the process-wide choice (`RADSWEEP_KERNELS`, wasm unless set to js).
 */
export type MlpKernelKind = 'wasm' | 'js' | 'auto';

export interface MlpKernels {
  readonly kind: 'wasm' | 'js';
  /** Zeroed arrays of the lengths asked for, all in the kernels' memory (rowSums only accepts these, and their subarrays). */
  readonly arrays: Float64Array[];
  /** row-sums.ts's rowSums (see there), on `arrays`. */
  rowSums(
    out: Float64Array, o: number, outGap: number, rows: number, width: number, start: Float64Array | null,
    x: Float64Array, x0: number, xGap: number, xStep: number, terms: number, m: Float64Array, mWidth: number, sparse: boolean,
  ): void;
  /** a[k] = relu(a[k]), k < count (activations.ts). */
  relu(a: Float64Array, count: number): void;
  /** d[k] *= relu'(a[k]), k < count (activations.ts). */
  reluDerivative(a: Float64Array, d: Float64Array, count: number): void;
  /** g = (g + alpha w) / rows element-wise: the L2 term and the batch mean of a weight gradient. */
  decayedGradient(g: Float64Array, w: Float64Array, alpha: number, rows: number): void;
  /** adam.ts's adamUpdate. */
  adam(w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, beta1: number, beta2: number, epsilon: number): void;
  /** adam, then s + w[0]^2 + w[1]^2 + ... of the updated w, added in index order. */
  adamSquares(w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, beta1: number, beta2: number, epsilon: number, s: number): number;
  /** to[c * rows + r] = from[r * cols + c] (r < rows, c < cols). */
  transpose(to: Float64Array, from: Float64Array, rows: number, cols: number): void;
  /** g[r * cols + c] = (t[c * rows + r] + alpha w[r * cols + c]) / n: decayedGradient of sums held transposed. */
  decayedGradientT(g: Float64Array, t: Float64Array, w: Float64Array, rows: number, cols: number, alpha: number, n: number): void;
  /** Row r of `to` = row order[first + r] of `from` (rows of `width` values), r < rows; `order` in the kernels' memory. */
  gather(to: Float64Array, from: Float64Array, order: Int32Array, first: number, rows: number, width: number): void;
}

export const MLP_MODULE = assembleModule([...ROW_SUMS_FUNCTIONS, ...ELEMENTWISE_FUNCTIONS]);

/**
 * Kernels for arrays of `lengths`, with room for sums over up to `maxTerms` terms and
 * `maxWidth` output columns. 'wasm' on an engine that cannot compile the module is an
 * error (run with RADSWEEP_KERNELS=js), never a silent switch to the JS kernels.
 */
export function createMlpKernels(kind: MlpKernelKind, lengths: readonly number[], maxTerms: number, maxWidth: number): MlpKernels {
  if ((kind === 'auto' ? kernelChoice() : kind) === 'js') return new JsKernels(lengths, maxTerms);
  return new WasmKernels(compileKernel(MLP_MODULE, 'MLP kernels'), lengths, maxTerms, maxWidth);
}

class JsKernels implements MlpKernels {
  readonly kind = 'js';
  readonly arrays: Float64Array[];
  private readonly scratch: RowSumScratch;

  constructor(lengths: readonly number[], maxTerms: number) {
    this.arrays = lengths.map((n) => new Float64Array(n));
    this.scratch = { offset: new Int32Array(maxTerms), value: new Float64Array(maxTerms) };
  }

  rowSums(
    out: Float64Array, o: number, outGap: number, rows: number, width: number, start: Float64Array | null,
    x: Float64Array, x0: number, xGap: number, xStep: number, terms: number, m: Float64Array, mWidth: number, sparse: boolean,
  ): void {
    rowSums(out, o, outGap, rows, width, start, x, x0, xGap, xStep, terms, m, mWidth, sparse, this.scratch);
  }

  relu(a: Float64Array, count: number): void {
    activate('relu', a, count);
  }

  reluDerivative(a: Float64Array, d: Float64Array, count: number): void {
    multiplyByDerivative('relu', a, d, count);
  }

  decayedGradient(g: Float64Array, w: Float64Array, alpha: number, rows: number): void {
    for (let k = 0; k < g.length; k++) g[k] = (g[k] + alpha * w[k]) / rows;
  }

  adam(w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, beta1: number, beta2: number, epsilon: number): void {
    adamUpdate(w, g, m, v, lr, beta1, beta2, epsilon);
  }

  adamSquares(w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, beta1: number, beta2: number, epsilon: number, s: number): number {
    adamUpdate(w, g, m, v, lr, beta1, beta2, epsilon);
    for (let k = 0; k < w.length; k++) s += w[k] * w[k];
    return s;
  }

  transpose(to: Float64Array, from: Float64Array, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) to[c * rows + r] = from[r * cols + c];
  }

  decayedGradientT(g: Float64Array, t: Float64Array, w: Float64Array, rows: number, cols: number, alpha: number, n: number): void {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) g[r * cols + c] = (t[c * rows + r] + alpha * w[r * cols + c]) / n;
  }

  gather(to: Float64Array, from: Float64Array, order: Int32Array, first: number, rows: number, width: number): void {
    for (let r = 0; r < rows; r++) to.set(from.subarray(order[first + r] * width, (order[first + r] + 1) * width), r * width);
  }
}

/** One module instance per network: its memory holds the arrays, a zero row (start = null) and the compacted records. */
class WasmKernels implements MlpKernels {
  readonly kind = 'wasm';
  readonly arrays: Float64Array[] = [];
  private readonly sums: WasmRowSums;
  private readonly elementwise: WasmElementwise;
  private readonly zeroByte: number;
  private readonly listByte: number;

  constructor(module: object, lengths: readonly number[], maxTerms: number, maxWidth: number) {
    // 16-byte aligned blocks: each array, the zero row, then the compacted (value, offset) records
    const bytes = lengths.reduce((s, n) => s + aligned(n), 0) + aligned(maxWidth) + 16 * maxTerms;
    const exports = instantiate<WasmElementwise & { rowSums: WasmRowSums }>(module, bytes);
    const buffer = exports.mem.buffer;
    let at = 0;
    for (const n of lengths) {
      this.arrays.push(new Float64Array(buffer, at, n));
      at += aligned(n);
    }
    this.zeroByte = at;
    this.listByte = at + aligned(maxWidth);
    this.sums = exports.rowSums;
    this.elementwise = exports;
  }

  rowSums(
    out: Float64Array, o: number, outGap: number, rows: number, width: number, start: Float64Array | null,
    x: Float64Array, x0: number, xGap: number, xStep: number, terms: number, m: Float64Array, mWidth: number, sparse: boolean,
  ): void {
    this.sums(
      out.byteOffset + 8 * o, 8 * outGap, rows, width, start === null ? this.zeroByte : start.byteOffset,
      x.byteOffset + 8 * x0, 8 * xGap, 8 * xStep, terms, m.byteOffset, 8 * mWidth, sparse ? 1 : 0, this.listByte,
    );
  }

  // Pairs in the module, an odd last element by the JS formula (the same operations).

  relu(a: Float64Array, count: number): void {
    this.elementwise.relu(a.byteOffset, count >> 1);
    if (count & 1) a[count - 1] *= Number(a[count - 1] > 0);
  }

  reluDerivative(a: Float64Array, d: Float64Array, count: number): void {
    this.elementwise.reluDerivative(a.byteOffset, d.byteOffset, count >> 1);
    if (count & 1) d[count - 1] *= Number(a[count - 1] !== 0);
  }

  decayedGradient(g: Float64Array, w: Float64Array, alpha: number, rows: number): void {
    const n = g.length;
    this.elementwise.decayedGradient(g.byteOffset, w.byteOffset, n >> 1, alpha, rows);
    if (n & 1) g[n - 1] = (g[n - 1] + alpha * w[n - 1]) / rows;
  }

  adam(w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, beta1: number, beta2: number, epsilon: number): void {
    const n = w.length;
    this.elementwise.adam(w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, n >> 1, beta1, 1 - beta1, beta2, 1 - beta2, lr, epsilon);
    if (n & 1) adamUpdate(w, g, m, v, lr, beta1, beta2, epsilon, n - 1);
  }

  adamSquares(w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, beta1: number, beta2: number, epsilon: number, s: number): number {
    const n = w.length;
    s = this.elementwise.adamSquares(w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, n >> 1, beta1, 1 - beta1, beta2, 1 - beta2, lr, epsilon, s);
    if (n & 1) {
      adamUpdate(w, g, m, v, lr, beta1, beta2, epsilon, n - 1);
      s += w[n - 1] * w[n - 1];
    }
    return s;
  }

  transpose(to: Float64Array, from: Float64Array, rows: number, cols: number): void {
    this.elementwise.transpose(to.byteOffset, from.byteOffset, rows, 8 * cols);
  }

  decayedGradientT(g: Float64Array, t: Float64Array, w: Float64Array, rows: number, cols: number, alpha: number, n: number): void {
    this.elementwise.decayedGradientT(g.byteOffset, t.byteOffset, w.byteOffset, rows, cols, alpha, n);
  }

  gather(to: Float64Array, from: Float64Array, order: Int32Array, first: number, rows: number, width: number): void {
    this.elementwise.gather(to.byteOffset, from.byteOffset, order.byteOffset + 4 * first, rows, 8 * width);
  }
}
