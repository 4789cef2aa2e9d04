/**
 * A minimal WebAssembly assembler: the opcodes the LASSO kernels use, as named
 * constants, small instruction helpers that return bytes, and a module builder
 * (one exported memory, exported functions). Binary format 1 with the SIMD
 * proposal (standard since 2021). Reference: WebAssembly Core Specification 2.0,
 * section 5 (binary format) and the fixed-width SIMD opcode table.
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
/** Block type of a block, loop or if that leaves no value. */
const VOID = 0x40;

/** Single-byte opcodes. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Load: 0x28,
  i32Store: 0x36,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32GeS: 0x4e,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  i32Or: 0x72,
  i32ShrU: 0x76,
  f64Abs: 0x99,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Max: 0xa5,
} as const;

/** SIMD opcodes (after the 0xfd prefix, as unsigned LEB128). */
export const SIMD = { v128Load: 0x00, v128Store: 0x0b, f64x2Splat: 0x14, f64x2Add: 0xf0, f64x2Mul: 0xf2 } as const;

/** Unsigned LEB128 (sizes, indices, alignments, offsets). */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n ? low | 0x80 : low);
  } while (n);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && !(low & 0x40)) || (n === -1 && low & 0x40);
    out.push(done ? low : low | 0x80);
    if (done) return out;
  }
}

export const get = (i: number) => [OP.localGet, ...uleb(i)];
export const set = (i: number) => [OP.localSet, ...uleb(i)];
export const tee = (i: number) => [OP.localTee, ...uleb(i)];
export const i32 = (v: number) => [OP.i32Const, ...sleb(v)];
/** f64.const: the IEEE 754 bytes, little-endian. */
export const f64 = (v: number) => [OP.f64Const, ...new Uint8Array(new Float64Array([v]).buffer)];
/** Memory access with alignment 2^3 (8 bytes) and a constant byte offset added to the address on the stack. */
export const f64Load = (offset = 0) => [OP.f64Load, 3, ...uleb(offset)];
export const f64Store = (offset = 0) => [OP.f64Store, 3, ...uleb(offset)];
/** i32 memory access, alignment 2^2. */
export const i32Load = (offset = 0) => [OP.i32Load, 2, ...uleb(offset)];
export const i32Store = (offset = 0) => [OP.i32Store, 2, ...uleb(offset)];
export const simd = (op: number, ...immediates: number[]) => [0xfd, ...uleb(op), ...immediates];
export const v128Load = (offset = 0) => simd(SIMD.v128Load, 3, ...uleb(offset));
export const v128Store = (offset = 0) => simd(SIMD.v128Store, 3, ...uleb(offset));
export const block = (...body: number[][]) => [OP.block, VOID, ...body.flat(), OP.end];
export const loop = (...body: number[][]) => [OP.loop, VOID, ...body.flat(), OP.end];
export const ifThen = (...body: number[][]) => [OP.if, VOID, ...body.flat(), OP.end];
export const br = (depth: number) => [OP.br, ...uleb(depth)];
export const brIf = (depth: number) => [OP.brIf, ...uleb(depth)];
/** local[i] += by (i32). */
export const addTo = (i: number, by: number) => [...get(i), ...i32(by), OP.i32Add, ...set(i)];

/** Hands out local indices after the parameters and records their types, for `WasmFunction.locals`. */
export class Locals {
  readonly types: number[] = [];
  constructor(private readonly nParams: number) {}
  add(type: number): number {
    this.types.push(type);
    return this.nParams + this.types.length - 1;
  }
}

export interface WasmFunction {
  name: string;
  params: number[];
  results: number[];
  /** Types of the locals after the parameters, in index order. */
  locals: number[];
  body: number[][];
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const name = (s: string) => vec(Array.from(s, (c) => [c.charCodeAt(0)]));

/** Groups equal neighbouring local types as the binary format wants: (count, type) pairs. */
function localGroups(types: number[]): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < types.length; ) {
    let k = i;
    while (k < types.length && types[k] === types[i]) k++;
    groups.push([...uleb(k - i), types[i]]);
    i = k;
  }
  return groups;
}

/** A module exporting the functions (each its own type) and its memory as "mem" (1 page of 64 KiB to start, growable). */
export function assembleModule(functions: WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const codes = functions.map((f) => {
    const code = [...vec(localGroups(f.locals)), ...f.body.flat(), OP.end];
    return [...uleb(code.length), ...code];
  });
  const exports = [...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]), [...name('mem'), 0x02, 0x00]];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, 0x01]])),
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
  ]);
}
