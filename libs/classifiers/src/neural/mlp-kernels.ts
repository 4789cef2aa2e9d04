import { RowSumScratch, rowSums } from './row-sums';
import { ROW_SUMS_MODULE, WasmRowSums } from './wasm-row-sums';

/**
 * Where an MlpNetwork keeps its buffers and how it sums rows: 'wasm' (the WebAssembly SIMD
 * kernel, wasm-row-sums.ts, over buffers in the module's memory) or 'js' (row-sums.ts over
 * plain arrays). Both give the same numbers bit for bit; 'auto' takes wasm when the engine
 * validates the SIMD module.
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
}

/** The few WebAssembly calls used here (the project's lib settings, ES2022 + node, do not declare WebAssembly). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

/** The compiled module, or null when this engine has no WebAssembly SIMD. */
function rowSumsModule(): object | null {
  if (compiled === undefined) compiled = wasm?.validate(ROW_SUMS_MODULE) ? new wasm.Module(ROW_SUMS_MODULE) : null;
  return compiled;
}

export function wasmSimdAvailable(): boolean {
  return rowSumsModule() !== null;
}

/**
 * Kernels for arrays of `lengths`, with room for sums over up to `maxTerms` terms and
 * `maxWidth` output columns. 'wasm' without WebAssembly SIMD is an error (ask for 'auto').
 */
export function createMlpKernels(kind: MlpKernelKind, lengths: readonly number[], maxTerms: number, maxWidth: number): MlpKernels {
  const module = kind === 'js' ? null : rowSumsModule();
  if (module === null) {
    if (kind === 'wasm') throw new Error('WebAssembly SIMD is not available in this engine');
    return new JsKernels(lengths, maxTerms);
  }
  return new WasmKernels(module, lengths, maxTerms, maxWidth);
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
}

/** One module instance per network: its memory holds the arrays, a zero row (start = null) and the compaction scratch. */
class WasmKernels implements MlpKernels {
  readonly kind = 'wasm';
  readonly arrays: Float64Array[] = [];
  private readonly sums: WasmRowSums;
  private readonly zeroByte: number;
  private readonly offsetByte: number;
  private readonly valueByte: number;

  constructor(module: object, lengths: readonly number[], maxTerms: number, maxWidth: number) {
    const exports = new wasm!.Instance(module).exports as { rowSums: WasmRowSums; mem: { buffer: ArrayBuffer; grow(pages: number): number } };
    // 16-byte aligned blocks: each array, the zero row, the values, then the Int32 offsets
    const aligned = (floats: number) => Math.ceil(floats / 2) * 16;
    const bytes = lengths.reduce((s, n) => s + aligned(n), 0) + aligned(maxWidth) + aligned(maxTerms) + maxTerms * 4;
    const pages = Math.ceil(bytes / 65536);
    if (pages > 1) exports.mem.grow(pages - 1); // before any view: growing detaches the buffer
    const buffer = exports.mem.buffer;
    let at = 0;
    for (const n of lengths) {
      this.arrays.push(new Float64Array(buffer, at, n));
      at += aligned(n);
    }
    this.zeroByte = at;
    this.valueByte = at + aligned(maxWidth);
    this.offsetByte = this.valueByte + aligned(maxTerms);
    this.sums = exports.rowSums;
  }

  rowSums(
    out: Float64Array, o: number, outGap: number, rows: number, width: number, start: Float64Array | null,
    x: Float64Array, x0: number, xGap: number, xStep: number, terms: number, m: Float64Array, mWidth: number, sparse: boolean,
  ): void {
    this.sums(
      out.byteOffset + 8 * o, 8 * outGap, rows, width, start === null ? this.zeroByte : start.byteOffset,
      x.byteOffset + 8 * x0, 8 * xGap, 8 * xStep, terms, m.byteOffset, 8 * mWidth, sparse ? 1 : 0, this.offsetByte, this.valueByte,
    );
  }
}
