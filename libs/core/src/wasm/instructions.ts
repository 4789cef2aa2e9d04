import { sleb, uleb } from './leb128';

/**
 * The one instruction vocabulary of the project's hand-written WebAssembly kernels
 * (binary format 1 with fixed-width SIMD, standard since 2021; Core Specification 2.0,
 * 5.4 and the SIMD opcode table). Each entry is the bytes of one instruction, named as in
 * the text format; immediates are LEB128-encoded (`uleb` for indices, `sleb` for i32
 * constants). text-dump.ts decodes exactly this set, so a kernel's module can be read back.
 */

/** Memory immediates: alignment 2^align and a constant byte offset. */
const memarg = (align: number, offset: number) => [align, ...uleb(offset)];
/** A SIMD instruction: the 0xfd prefix, then its opcode as unsigned LEB128. */
const simd = (code: number) => [0xfd, ...uleb(code)];
/** Block type of a block, loop or if that leaves no value. */
const VOID = 0x40;

export const wasmOp = {
  get: (local: number) => [0x20, ...uleb(local)],
  set: (local: number) => [0x21, ...uleb(local)],
  tee: (local: number) => [0x22, ...uleb(local)],
  call: (func: number) => [0x10, ...uleb(func)],
  i32: (n: number) => [0x41, ...sleb(n)],
  /** f64.const: the IEEE 754 bytes, little-endian. */
  f64: (x: number) => [0x44, ...new Uint8Array(Float64Array.of(x).buffer)],
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32Ne: [0x47],
  i32LtS: [0x48],
  i32LtU: [0x49],
  i32GtU: [0x4b],
  i32LeS: [0x4c],
  i32GeS: [0x4e],
  f64Eq: [0x61],
  f64Ne: [0x62],
  f64Lt: [0x63],
  f64Gt: [0x64],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Or: [0x72],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  f64Abs: [0x99],
  f64Neg: [0x9a],
  f64Sqrt: [0x9f],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64Max: [0xa5],
  /** [a, b, cond] -> cond ? a : b. */
  select: [0x1b],
  i32Load: (offset = 0) => [0x28, ...memarg(2, offset)],
  i32Store: (offset = 0) => [0x36, ...memarg(2, offset)],
  f64Load: (offset = 0) => [0x2b, ...memarg(3, offset)],
  f64Store: (offset = 0) => [0x39, ...memarg(3, offset)],
  v128Load: (offset = 0) => [...simd(0x00), ...memarg(3, offset)],
  v128Store: (offset = 0) => [...simd(0x0b), ...memarg(3, offset)],
  /** Loads one f64 into both lanes. */
  loadSplat: (offset = 0) => [...simd(0x0a), ...memarg(3, offset)],
  /** [addr, v] -> v with lane `lane` replaced by the f64 at addr. */
  loadLane: (lane: number, offset = 0) => [...simd(0x57), ...memarg(3, offset), lane],
  f64x2Splat: simd(0x14),
  f64x2Extract: (lane: number) => [...simd(0x21), lane],
  f64x2Ne: simd(0x48),
  f64x2Gt: simd(0x4a),
  v128And: simd(0x4e),
  f64x2Sqrt: simd(0xef),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Div: simd(0xf3),
  /** A block: a branch to it (depth counted from the innermost enclosing label) jumps past its end. */
  // (concat, not spreads: a kernel built per size, such as the LASSO sweep's, has bodies of tens of thousands of bytes)
  block: (...body: number[][]) => [0x02, VOID].concat(...body, [0x0b]),
  /** A loop: a branch to it jumps back to its start; falling off its end leaves it. */
  loop: (...body: number[][]) => [0x03, VOID].concat(...body, [0x0b]),
  ifThen: (...body: number[][]) => [0x04, VOID].concat(...body, [0x0b]),
  ifElse: (then: number[], otherwise: number[]) => [0x04, VOID].concat(then, [0x05], otherwise, [0x0b]),
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
};

/** local[i] += by (i32 locals); `by` is a constant or the bytes that push the increment. */
export function addTo(local: number, by: number | number[]): number[] {
  return [...wasmOp.get(local), ...(typeof by === 'number' ? wasmOp.i32(by) : by), ...wasmOp.i32Add, ...wasmOp.set(local)];
}

/** while (cond) body; `cond` leaves an i32 and is evaluated before every turn. `body` must not branch out. */
export function whileLoop(cond: number[], body: number[]): number[] {
  return wasmOp.block([...cond, ...wasmOp.i32Eqz, ...wasmOp.brIf(0)], wasmOp.loop(body, cond, wasmOp.brIf(0)));
}
