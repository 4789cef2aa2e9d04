/** The few WebAssembly calls used here (the project's lib settings, ES2022 + node, do not declare WebAssembly). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The compiled module, or null when this engine has no WebAssembly or does not validate `bytes` (no SIMD). */
export function compileIfValid(bytes: Uint8Array): object | null {
  return wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
}

/** A new instance's exports, its memory "mem" grown to hold `bytes` (before any view: growing detaches the buffer). */
export function instantiate<T>(module: object, bytes: number): T & { mem: { buffer: ArrayBuffer } } {
  const exports = new wasm!.Instance(module).exports as T & { mem: { buffer: ArrayBuffer; grow(pages: number): number } };
  const pages = Math.ceil(bytes / 65536);
  if (pages > 1) exports.mem.grow(pages - 1);
  return exports;
}

/** Bytes of `floats` f64 rounded up to 16, so the next array starts f64x2-aligned. */
export const alignedBytes = (floats: number) => Math.ceil(floats / 2) * 16;
