/**
 * Just enough of the WebAssembly binary format (version 1 with the SIMD proposal, standard
 * since 2021; https://webassembly.github.io/spec/core/binary/) to write the MLP kernels by
 * hand without a toolchain: instruction encoders, structured control (while, if/else,
 * block/loop with branches), and a module of functions plus one exported memory. Shared by
 * the MLP kernels (neural/) and the linear SVM's dual pass (svm/). Addresses are bytes; f64 and v128 accesses declare
 * 8-byte alignment (a hint only).
 */
export type ValType = 'i32' | 'f64' | 'v128';
const TYPE_CODE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128. */
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
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(low & 0x40)) || (n === -1 && low & 0x40)) return [...out, low];
    out.push(low | 0x80);
  }
}

const memarg = (offset: number) => [3, ...uleb(offset)];
const simd = (code: number) => [0xfd, ...uleb(code)];

/** Instruction encoders (a subset, named as in the text format). */
export const op = {
  get: (i: number) => [0x20, i],
  set: (i: number) => [0x21, i],
  tee: (i: number) => [0x22, i],
  call: (f: number) => [0x10, ...uleb(f)],
  i32: (n: number) => [0x41, ...sleb(n)],
  f64: (x: number) => [0x44, ...new Uint8Array(Float64Array.of(x).buffer)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32Eqz: [0x45],
  i32LeS: [0x4c],
  i32LtS: [0x48],
  i32GeS: [0x4e],
  i32And: [0x71],
  i32ShrU: [0x76],
  f64Eq: [0x61],
  f64Ne: [0x62],
  f64Lt: [0x63],
  f64Gt: [0x64],
  f64Abs: [0x99],
  f64Max: [0xa5],
  /** [a, b, cond] -> cond ? a : b. */
  select: [0x1b],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64Sqrt: [0x9f],
  i32Load: (offset = 0) => [0x28, 2, ...uleb(offset)],
  i32Store: (offset = 0) => [0x36, 2, ...uleb(offset)],
  f64Load: (offset = 0) => [0x2b, ...memarg(offset)],
  f64Store: (offset = 0) => [0x39, ...memarg(offset)],
  v128Load: (offset = 0) => [...simd(0x00), ...memarg(offset)],
  v128Store: (offset = 0) => [...simd(0x0b), ...memarg(offset)],
  /** Loads one f64 into both lanes. */
  loadSplat: (offset = 0) => [...simd(0x0a), ...memarg(offset)],
  /** [addr, v] -> v with lane `lane` replaced by the f64 at addr. */
  loadLane: (lane: number, offset = 0) => [...simd(0x57), ...memarg(offset), lane],
  f64x2Splat: simd(0x14),
  f64x2Extract: (lane: number) => [...simd(0x21), lane],
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Div: simd(0xf3),
  f64x2Sqrt: simd(0xef),
  f64x2Ne: simd(0x48),
  f64x2Gt: simd(0x4a),
  v128And: simd(0x4e),
  ifThen: (body: number[]) => [0x04, 0x40, ...body, 0x0b],
  ifElse: (then: number[], otherwise: number[]) => [0x04, 0x40, ...then, 0x05, ...otherwise, 0x0b],
  /** A block: a branch to it (depth counted from the innermost enclosing label) jumps past its end. */
  block: (body: number[]) => [0x02, 0x40, ...body, 0x0b],
  /** A loop: a branch to it jumps back to its start; falling off its end leaves it. */
  loop: (body: number[]) => [0x03, 0x40, ...body, 0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
};

/** local[i] += by (i32 locals). */
export function addTo(i: number, by: number[]): number[] {
  return [...op.get(i), ...by, ...op.i32Add, ...op.set(i)];
}

/** while (cond) body; `cond` leaves an i32 and is evaluated before every turn. `body` must not branch out. */
export function whileLoop(cond: number[], body: number[]): number[] {
  return [0x02, 0x40, ...cond, ...op.i32Eqz, 0x0d, 0x00, 0x03, 0x40, ...body, ...cond, 0x0d, 0x00, 0x0b, 0x0b];
}

export interface WasmFunction {
  name: string;
  /** Parameter names and types, in call order; they are locals 0 .. params - 1. */
  params: [string, ValType][];
  locals: [string, ValType][];
  result?: ValType;
  /** The body from local indices by name; the final `end` is added. */
  body: (local: Record<string, number>) => number[];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

const utf8 = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** A module of `functions` (function i is index i, all exported by name) and one memory "mem" of one page. */
export function assembleModule(functions: WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map(([, t]) => [TYPE_CODE[t]])), ...(f.result ? [1, TYPE_CODE[f.result]] : [0])]);
  const code = functions.map((f) => {
    const local: Record<string, number> = {};
    [...f.params, ...f.locals].forEach(([name], i) => (local[name] = i));
    const body = [...vector(f.locals.map(([, t]) => [1, TYPE_CODE[t]])), ...f.body(local), 0x0b];
    return [...uleb(body.length), ...body];
  });
  const exports = [...functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]), [...utf8('mem'), 0x02, 0]];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(5, [1, 0x00, 1]),
    ...section(7, vector(exports)),
    ...section(10, vector(code)),
  ]);
}
