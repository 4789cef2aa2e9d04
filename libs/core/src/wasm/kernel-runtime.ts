/**
 * Compiling and instantiating the kernels' modules, and the one setting that chooses
 * between a kernel and its JavaScript twin. The JavaScript twin runs only when asked
 * for (`RADSWEEP_KERNELS=js` or a kernel option of 'js'): a module this engine cannot
 * compile is an error that says why, never a silent switch to the slower path.
 */

/** The few WebAssembly calls used here (the project's lib settings, ES2022 + node, do not declare WebAssembly). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export type KernelChoice = 'wasm' | 'js';

/** The process-wide choice: `RADSWEEP_KERNELS=js` runs the JavaScript twins; anything else (or unset) the WebAssembly kernels. */
export function kernelChoice(env: NodeJS.ProcessEnv = process.env): KernelChoice {
  const v = env.RADSWEEP_KERNELS;
  if (v === undefined || v === '' || v === 'wasm') return 'wasm';
  if (v === 'js') return 'js';
  throw new Error(`RADSWEEP_KERNELS=${v}: expected 'wasm' (default) or 'js'`);
}

const compiled = new Map<Uint8Array, object>();

/** The compiled module (cached per byte array); an engine without WebAssembly, or a module it rejects, is an error naming the module. */
export function compileKernel(bytes: Uint8Array, what: string): object {
  const hit = compiled.get(bytes);
  if (hit) return hit;
  if (!wasm) throw new Error(`${what}: this JavaScript engine has no WebAssembly; set RADSWEEP_KERNELS=js to run the JavaScript kernels`);
  let module: object;
  try {
    module = new wasm.Module(bytes);
  } catch (e) {
    throw new Error(`${what}: the WebAssembly module does not compile here (${e instanceof Error ? e.message : String(e)}); set RADSWEEP_KERNELS=js to run the JavaScript kernels`);
  }
  compiled.set(bytes, module);
  return module;
}

/** Does this engine accept the module (WebAssembly.validate)? For tests and diagnostics. */
export function validateKernel(bytes: Uint8Array): boolean {
  return wasm !== undefined && wasm.validate(bytes);
}

/** A new instance's exports, its memory "mem" grown to hold `bytes` (before any view: growing detaches the buffer). */
export function instantiateKernel<T>(module: object, bytes: number): T & { mem: { buffer: ArrayBuffer; grow(pages: number): number } } {
  const exports = new wasm!.Instance(module).exports as T & { mem: { buffer: ArrayBuffer; grow(pages: number): number } };
  const pages = Math.ceil(bytes / 65536);
  if (pages > 1) exports.mem.grow(pages - 1);
  return exports;
}

/** Bytes of `floats` f64 rounded up to 16, so the next array starts f64x2-aligned. */
export const alignedBytes = (floats: number) => Math.ceil(floats / 2) * 16;
