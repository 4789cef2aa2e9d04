import { addTo, namedFunction, WasmFunction, wasmOp as op, whileLoop } from '@radsweep/core';

/**
 * The MLP's element-wise loops as WebAssembly SIMD functions over `pairs` f64 pairs (byte
 * addresses, the caller does an odd last element): the same IEEE operations in the same
 * order as the JS loops they replace (activations.ts, adam.ts, MlpNetwork.backward), so the
 * same bits. relu's z * [z > 0] multiplies by 1.0 or 0.0 (a compare mask and-ed with 1.0),
 * as the JS z * Number(z > 0).
 */

const pairLoop = (L: Record<string, number>, advance: number[], body: number[]) =>
  whileLoop(op.get(L.pairs), [...body, ...advance, ...addTo(L.pairs, op.i32(-1))]);

/** relu(a, pairs): a *= [a > 0]. */
const relu = namedFunction({
  name: 'relu',
  params: [['a', 'i32'], ['pairs', 'i32']],
  locals: [['one', 'v128'], ['v', 'v128']],
  body: (L) => [
    ...op.f64(1), ...op.f64x2Splat, ...op.set(L.one),
    ...pairLoop(L, addTo(L.a, op.i32(16)), [
      ...op.get(L.a),
      ...op.get(L.a), ...op.v128Load(), ...op.tee(L.v),
      ...op.get(L.v), ...op.f64(0), ...op.f64x2Splat, ...op.f64x2Gt, ...op.get(L.one), ...op.v128And,
      ...op.f64x2Mul, ...op.v128Store(),
    ]),
  ],
});

/** reluDerivative(a, d, pairs): d *= [a != 0]. */
const reluDerivative = namedFunction({
  name: 'reluDerivative',
  params: [['a', 'i32'], ['d', 'i32'], ['pairs', 'i32']],
  locals: [['one', 'v128']],
  body: (L) => [
    ...op.f64(1), ...op.f64x2Splat, ...op.set(L.one),
    ...pairLoop(L, [...addTo(L.a, op.i32(16)), ...addTo(L.d, op.i32(16))], [
      ...op.get(L.d),
      ...op.get(L.d), ...op.v128Load(),
      ...op.get(L.a), ...op.v128Load(), ...op.f64(0), ...op.f64x2Splat, ...op.f64x2Ne, ...op.get(L.one), ...op.v128And,
      ...op.f64x2Mul, ...op.v128Store(),
    ]),
  ],
});

/** decayedGradient(g, w, pairs, alpha, rows): g = (g + alpha w) / rows. */
const decayedGradient = namedFunction({
  name: 'decayedGradient',
  params: [['g', 'i32'], ['w', 'i32'], ['pairs', 'i32'], ['alpha', 'f64'], ['rows', 'f64']],
  locals: [['alphas', 'v128'], ['divisor', 'v128']],
  body: (L) => [
    ...op.get(L.alpha), ...op.f64x2Splat, ...op.set(L.alphas),
    ...op.get(L.rows), ...op.f64x2Splat, ...op.set(L.divisor),
    ...pairLoop(L, [...addTo(L.g, op.i32(16)), ...addTo(L.w, op.i32(16))], [
      ...op.get(L.g),
      ...op.get(L.g), ...op.v128Load(), ...op.get(L.alphas), ...op.get(L.w), ...op.v128Load(), ...op.f64x2Mul, ...op.f64x2Add,
      ...op.get(L.divisor), ...op.f64x2Div, ...op.v128Store(),
    ]),
  ],
});

/**
 * adam(w, g, m, v, pairs, beta1, 1 - beta1, beta2, 1 - beta2, lr_t, epsilon):
 * m = beta1 m + (1 - beta1) g, v = beta2 v + ((1 - beta2) g) g, w -= (lr_t m) / (sqrt(v) + epsilon).
 */
const adam = namedFunction({
  name: 'adam',
  params: [
    ['w', 'i32'], ['g', 'i32'], ['m', 'i32'], ['v', 'i32'], ['pairs', 'i32'],
    ['beta1', 'f64'], ['rest1', 'f64'], ['beta2', 'f64'], ['rest2', 'f64'], ['lr', 'f64'], ['epsilon', 'f64'],
  ],
  locals: [['b1', 'v128'], ['c1', 'v128'], ['b2', 'v128'], ['c2', 'v128'], ['rate', 'v128'], ['eps', 'v128'], ['gv', 'v128'], ['mv', 'v128'], ['vv', 'v128']],
  body: (L) => [
    ...[[L.beta1, L.b1], [L.rest1, L.c1], [L.beta2, L.b2], [L.rest2, L.c2], [L.lr, L.rate], [L.epsilon, L.eps]].flatMap(([s, v]) => [
      ...op.get(s), ...op.f64x2Splat, ...op.set(v),
    ]),
    ...pairLoop(L, [L.w, L.g, L.m, L.v].flatMap((p) => addTo(p, op.i32(16))), [
      ...op.get(L.g), ...op.v128Load(), ...op.set(L.gv),
      ...op.get(L.b1), ...op.get(L.m), ...op.v128Load(), ...op.f64x2Mul, ...op.get(L.c1), ...op.get(L.gv), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L.mv),
      ...op.get(L.m), ...op.get(L.mv), ...op.v128Store(),
      ...op.get(L.b2), ...op.get(L.v), ...op.v128Load(), ...op.f64x2Mul,
      ...op.get(L.c2), ...op.get(L.gv), ...op.f64x2Mul, ...op.get(L.gv), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L.vv),
      ...op.get(L.v), ...op.get(L.vv), ...op.v128Store(),
      ...op.get(L.w),
      ...op.get(L.w), ...op.v128Load(),
      ...op.get(L.rate), ...op.get(L.mv), ...op.f64x2Mul, ...op.get(L.vv), ...op.f64x2Sqrt, ...op.get(L.eps), ...op.f64x2Add, ...op.f64x2Div,
      ...op.f64x2Sub, ...op.v128Store(),
    ]),
  ],
});

export const ELEMENTWISE_FUNCTIONS: WasmFunction[] = [relu, reluDerivative, decayedGradient, adam];

export interface WasmElementwise {
  relu(a: number, pairs: number): void;
  reluDerivative(a: number, d: number, pairs: number): void;
  decayedGradient(g: number, w: number, pairs: number, alpha: number, rows: number): void;
  adam(w: number, g: number, m: number, v: number, pairs: number, beta1: number, rest1: number, beta2: number, rest2: number, lr: number, epsilon: number): void;
}
