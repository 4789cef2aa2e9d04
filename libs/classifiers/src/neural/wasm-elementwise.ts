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
 * adamSquares(..., s) does the same and returns s + w_0^2 + w_1^2 + ... of the new w, added one
 * at a time in index order (MlpNetwork.weightNormSquared's sum, which the next batch's loss
 * needs): the adds ride along the step's divisions and square roots instead of a pass of their own.
 */
const adamFunction = (name: string, squares: boolean) =>
  namedFunction({
    name,
    params: [
      ['w', 'i32'], ['g', 'i32'], ['m', 'i32'], ['v', 'i32'], ['pairs', 'i32'],
      ['beta1', 'f64'], ['rest1', 'f64'], ['beta2', 'f64'], ['rest2', 'f64'], ['lr', 'f64'], ['epsilon', 'f64'],
      ...(squares ? ([['s', 'f64']] as [string, 'f64'][]) : []),
    ],
    locals: [['b1', 'v128'], ['c1', 'v128'], ['b2', 'v128'], ['c2', 'v128'], ['rate', 'v128'], ['eps', 'v128'], ['gv', 'v128'], ['mv', 'v128'], ['vv', 'v128'], ['wv', 'v128']],
    ...(squares ? { result: 'f64' as const } : {}),
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
        ...op.f64x2Sub, ...(squares ? op.tee(L.wv) : []), ...op.v128Store(),
        ...(squares
          ? [
              ...op.get(L.wv), ...op.get(L.wv), ...op.f64x2Mul, ...op.set(L.wv),
              ...op.get(L.s), ...op.get(L.wv), ...op.f64x2Extract(0), ...op.f64Add,
              ...op.get(L.wv), ...op.f64x2Extract(1), ...op.f64Add, ...op.set(L.s),
            ]
          : []),
      ]),
      ...(squares ? op.get(L.s) : []),
    ],
  });

const adam = adamFunction('adam', false);
const adamSquares = adamFunction('adamSquares', true);

/**
 * transpose(to, from, rows, colsB): to[c, r] = from[r, c] for the rows x cols matrix `from`
 * (colsB = 8 cols bytes); `to` is cols x rows. Copies of values, no arithmetic.
 */
const transpose = namedFunction({
  name: 'transpose',
  params: [['to', 'i32'], ['from', 'i32'], ['rows', 'i32'], ['colsB', 'i32']],
  locals: [['r', 'i32'], ['c', 'i32'], ['rowsB', 'i32'], ['at', 'i32']],
  body: (L) => [
    ...op.get(L.rows), ...op.i32(3), ...op.i32Shl, ...op.set(L.rowsB),
    ...whileLoop([...op.get(L.r), ...op.get(L.rows), ...op.i32LtS], [
      // `at` walks down column r of `to` while `from` walks along row r
      ...op.get(L.to), ...op.get(L.r), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(L.at),
      ...op.i32(0), ...op.set(L.c),
      ...whileLoop([...op.get(L.c), ...op.get(L.colsB), ...op.i32LtS], [
        ...op.get(L.at), ...op.get(L.from), ...op.get(L.c), ...op.i32Add, ...op.f64Load(), ...op.f64Store(),
        ...addTo(L.at, op.get(L.rowsB)), ...addTo(L.c, op.i32(8)),
      ]),
      ...addTo(L.from, op.get(L.colsB)), ...addTo(L.r, op.i32(1)),
    ]),
  ],
});

/**
 * decayedGradientT(g, t, w, rows, cols, alpha, n): g[r, c] = (t[c, r] + alpha w[r, c]) / n for
 * the rows x cols g and w, from the transposed sums t (cols x rows): decayedGradient read
 * through a transpose. Pairs of columns (c, c + 1) in f64x2, an odd last column alone.
 */
const decayedGradientT = namedFunction({
  name: 'decayedGradientT',
  params: [['g', 'i32'], ['t', 'i32'], ['w', 'i32'], ['rows', 'i32'], ['cols', 'i32'], ['alpha', 'f64'], ['n', 'f64']],
  locals: [['r', 'i32'], ['c', 'i32'], ['rowsB', 'i32'], ['at', 'i32'], ['alphas', 'v128'], ['divisor', 'v128']],
  body: (L) => [
    ...op.get(L.alpha), ...op.f64x2Splat, ...op.set(L.alphas),
    ...op.get(L.n), ...op.f64x2Splat, ...op.set(L.divisor),
    ...op.get(L.rows), ...op.i32(3), ...op.i32Shl, ...op.set(L.rowsB),
    ...whileLoop([...op.get(L.r), ...op.get(L.rows), ...op.i32LtS], [
      // `at` = &t[c, r], down column r of t
      ...op.get(L.t), ...op.get(L.r), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(L.at),
      ...op.i32(0), ...op.set(L.c),
      ...whileLoop([...op.get(L.c), ...op.i32(2), ...op.i32Add, ...op.get(L.cols), ...op.i32LeS], [
        ...op.get(L.g),
        ...op.get(L.at), ...op.get(L.rowsB), ...op.i32Add, ...op.get(L.at), ...op.loadSplat(), ...op.loadLane(1),
        ...op.get(L.alphas), ...op.get(L.w), ...op.v128Load(), ...op.f64x2Mul, ...op.f64x2Add,
        ...op.get(L.divisor), ...op.f64x2Div, ...op.v128Store(),
        ...addTo(L.g, op.i32(16)), ...addTo(L.w, op.i32(16)), ...addTo(L.at, [...op.get(L.rowsB), ...op.i32(1), ...op.i32Shl]), ...addTo(L.c, op.i32(2)),
      ]),
      ...op.get(L.c), ...op.get(L.cols), ...op.i32LtS,
      ...op.ifThen([
        ...op.get(L.g),
        ...op.get(L.at), ...op.f64Load(), ...op.get(L.alpha), ...op.get(L.w), ...op.f64Load(), ...op.f64Mul, ...op.f64Add,
        ...op.get(L.n), ...op.f64Div, ...op.f64Store(),
        ...addTo(L.g, op.i32(8)), ...addTo(L.w, op.i32(8)),
      ]),
      ...addTo(L.r, op.i32(1)),
    ]),
  ],
});

/**
 * gather(to, from, order, rows, rowB): row r of `to` = row order[r] of `from`, rows of rowB
 * bytes (a multiple of 8), 16 bytes at a time and a last 8. Copies of values, no arithmetic.
 */
const gather = namedFunction({
  name: 'gather',
  params: [['to', 'i32'], ['from', 'i32'], ['order', 'i32'], ['rows', 'i32'], ['rowB', 'i32']],
  locals: [['src', 'i32'], ['end', 'i32']],
  body: (L) => [
    ...whileLoop(op.get(L.rows), [
      ...op.get(L.from), ...op.get(L.order), ...op.i32Load(), ...op.get(L.rowB), ...op.i32Mul, ...op.i32Add, ...op.set(L.src),
      ...op.get(L.src), ...op.get(L.rowB), ...op.i32Add, ...op.set(L.end),
      ...whileLoop([...op.get(L.src), ...op.i32(16), ...op.i32Add, ...op.get(L.end), ...op.i32LeS], [
        ...op.get(L.to), ...op.get(L.src), ...op.v128Load(), ...op.v128Store(),
        ...addTo(L.to, op.i32(16)), ...addTo(L.src, op.i32(16)),
      ]),
      ...op.get(L.src), ...op.get(L.end), ...op.i32LtS,
      ...op.ifThen([...op.get(L.to), ...op.get(L.src), ...op.f64Load(), ...op.f64Store(), ...addTo(L.to, op.i32(8))]),
      ...addTo(L.order, op.i32(4)), ...addTo(L.rows, op.i32(-1)),
    ]),
  ],
});

export const ELEMENTWISE_FUNCTIONS: WasmFunction[] = [relu, reluDerivative, decayedGradient, adam, adamSquares, transpose, decayedGradientT, gather];

export interface WasmElementwise {
  relu(a: number, pairs: number): void;
  reluDerivative(a: number, d: number, pairs: number): void;
  decayedGradient(g: number, w: number, pairs: number, alpha: number, rows: number): void;
  adam(w: number, g: number, m: number, v: number, pairs: number, beta1: number, rest1: number, beta2: number, rest2: number, lr: number, epsilon: number): void;
  adamSquares(
    w: number, g: number, m: number, v: number, pairs: number, beta1: number, rest1: number, beta2: number, rest2: number, lr: number, epsilon: number, s: number,
  ): number;
  transpose(to: number, from: number, rows: number, colsB: number): void;
  decayedGradientT(g: number, t: number, w: number, rows: number, cols: number, alpha: number, n: number): void;
  gather(to: number, from: number, order: number, rows: number, rowB: number): void;
}
