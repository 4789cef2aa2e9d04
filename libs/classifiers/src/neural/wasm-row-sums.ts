import { addTo, namedFunction, WasmFunction, wasmOp as op, whileLoop } from '@radsweep/core';

/**
 * row-sums.ts's kernel as a WebAssembly SIMD module: the same sums
 *   out[r, j] = start[j] + sum_t x[r, t] * m[t, j]   (ascending t)
 * with the same split (dense pairs of rows; compacted non-zero lists for sparse x and the odd
 * last row), but two output columns per f64x2 lane pair. Lanes never mix and WebAssembly
 * never fuses a multiply and an add, so every output gets the scalar loop's roundings, bit
 * for bit. All addresses and strides are bytes into the module's memory; `start` always
 * points at a row of `width` values (a zero row stands for "no start": 0 + a = a exactly,
 * as the scalar loop's c = 0).
 */

/**
 * Sparse rows: output columns in blocks of 24 (twelve f64x2 accumulators), then the 0-23 left in
 * one more pass. Twelve, not eight: a 64 x 32 sum ran ~30 % faster (the per-record work is
 * shared by more columns); fourteen or sixteen start to spill registers and are slower again.
 */
const SPARSE_BLOCK = 12;
/** Dense row pairs: 2 rows x 2 * DENSE_BLOCK columns per pass (2 * DENSE_BLOCK accumulators), then the columns left in one pass. */
const DENSE_BLOCK = 4;

const vectors = (prefix: string, k: number): [string, 'v128'][] => Array.from({ length: k }, (_, i) => [`${prefix}${i}`, 'v128']);

/**
 * The last pass of a row kernel whose full passes cover 2 * block columns: by the number of
 * columns left, (widthB - jB) / 8 = 2k + odd in 1 .. 2 * block - 1, pass(k, odd); none if 0.
 */
function lastPass(L: Record<string, number>, block: number, pass: (k: number, odd: boolean) => number[]): number[] {
  const from = (columns: number): number[] =>
    columns === 2 * block
      ? []
      : [
          ...op.get(L.widthB), ...op.get(L.jB), ...op.i32Sub, ...op.i32(8 * columns), ...op.i32Eq,
          ...op.ifElse(pass(columns >> 1, (columns & 1) === 1), from(columns + 1)),
        ];
  return from(1);
}

/**
 * compact(x, xStep, terms, mWidth, list) -> end: for the non-zero x[t], ascending, a 16-byte
 * record (x[t] as f64, t * mWidth as i32) from `list` on; returns the byte address past the
 * last one. Branch-free: which relu units are zero is unpredictable.
 */
const compact = namedFunction({
  name: 'compact',
  params: [['x', 'i32'], ['xStep', 'i32'], ['terms', 'i32'], ['mWidth', 'i32'], ['list', 'i32']],
  locals: [['t', 'i32'], ['tOff', 'i32'], ['v', 'f64']],
  result: 'i32',
  body: (L) => [
    ...whileLoop([...op.get(L.t), ...op.get(L.terms), ...op.i32LtS], [
      ...op.get(L.list), ...op.get(L.x), ...op.f64Load(), ...op.tee(L.v), ...op.f64Store(),
      ...op.get(L.list), ...op.get(L.tOff), ...op.i32Store(8),
      // the next record goes 16 bytes on when x[t] != 0, else overwrites this one
      ...addTo(L.list, [...op.get(L.v), ...op.f64(0), ...op.f64Ne, ...op.i32(4), ...op.i32Shl]),
      ...addTo(L.x, op.get(L.xStep)), ...addTo(L.tOff, op.get(L.mWidth)), ...addTo(L.t, op.i32(1)),
    ]),
    ...op.get(L.list),
  ],
});

/**
 * sparseRow(out, widthB, start, list, end, m): one output row from the records list .. end.
 * Blocks of 2 * SPARSE_BLOCK columns, then the rest (r pairs and maybe an odd column) in a
 * single pass: a pass costs a fixed part per record (its value and address) plus a part per
 * accumulator, so few wide passes beat many narrow ones.
 */
const sparseRow = namedFunction({
  name: 'sparseRow',
  params: [['out', 'i32'], ['widthB', 'i32'], ['start', 'i32'], ['list', 'i32'], ['end', 'i32'], ['m', 'i32']],
  locals: [['jB', 'i32'], ['p', 'i32'], ['mj', 'i32'], ['q', 'i32'], ['v', 'v128'], ['x', 'f64'], ['s', 'f64'], ...vectors('c', SPARSE_BLOCK)],
  body: (L) => {
    /** Columns jB .. jB + 2k (+ 1 when odd) from one pass over the records. */
    const pass = (k: number, odd: boolean) => [
      ...Array.from({ length: k }, (_, i) => [...op.get(L.start), ...op.get(L.jB), ...op.i32Add, ...op.v128Load(16 * i), ...op.set(L[`c${i}`])]).flat(),
      ...(odd ? [...op.get(L.start), ...op.get(L.jB), ...op.i32Add, ...op.f64Load(16 * k), ...op.set(L.s)] : []),
      ...op.get(L.list), ...op.set(L.p), ...op.get(L.m), ...op.get(L.jB), ...op.i32Add, ...op.set(L.mj),
      ...whileLoop([...op.get(L.p), ...op.get(L.end), ...op.i32LtU], [
        ...(odd ? [...op.get(L.p), ...op.f64Load(), ...op.tee(L.x), ...op.f64x2Splat] : [...op.get(L.p), ...op.loadSplat()]), ...op.set(L.v),
        // q = m + t * mWidth + jB, the byte address of m[t, j]
        ...op.get(L.p), ...op.i32Load(8), ...op.get(L.mj), ...op.i32Add, ...op.set(L.q),
        ...Array.from({ length: k }, (_, i) => [
          ...op.get(L[`c${i}`]), ...op.get(L.v), ...op.get(L.q), ...op.v128Load(16 * i), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L[`c${i}`]),
        ]).flat(),
        ...(odd ? [...op.get(L.s), ...op.get(L.x), ...op.get(L.q), ...op.f64Load(16 * k), ...op.f64Mul, ...op.f64Add, ...op.set(L.s)] : []),
        ...addTo(L.p, op.i32(16)),
      ]),
      ...Array.from({ length: k }, (_, i) => [...op.get(L.out), ...op.get(L.jB), ...op.i32Add, ...op.get(L[`c${i}`]), ...op.v128Store(16 * i)]).flat(),
      ...(odd ? [...op.get(L.out), ...op.get(L.jB), ...op.i32Add, ...op.get(L.s), ...op.f64Store(16 * k)] : []),
    ];
    return [
      ...whileLoop([...op.get(L.jB), ...op.i32(16 * SPARSE_BLOCK), ...op.i32Add, ...op.get(L.widthB), ...op.i32LeS], [
        ...pass(SPARSE_BLOCK, false),
        ...addTo(L.jB, op.i32(16 * SPARSE_BLOCK)),
      ]),
      ...lastPass(L, SPARSE_BLOCK, pass),
    ];
  },
});

/**
 * densePair(out, outGap, widthB, start, x, xGap, xStep, terms, m, mWidth): output rows at out
 * and out + outGap, in blocks of 2 x 2 * DENSE_BLOCK columns, then the columns left in one pass.
 */
const densePair = namedFunction({
  name: 'densePair',
  params: [
    ['out', 'i32'], ['outGap', 'i32'], ['widthB', 'i32'], ['start', 'i32'], ['x', 'i32'],
    ['xGap', 'i32'], ['xStep', 'i32'], ['terms', 'i32'], ['m', 'i32'], ['mWidth', 'i32'],
  ],
  locals: [
    ['jB', 'i32'], ['p0', 'i32'], ['p1', 'i32'], ['q', 'i32'], ['t', 'i32'], ['v0', 'v128'], ['v1', 'v128'], ['mv', 'v128'], ['o', 'v128'],
    ...vectors('a', DENSE_BLOCK), ...vectors('b', DENSE_BLOCK),
  ],
  body: (L) => {
    const rewind = [
      ...op.get(L.x), ...op.tee(L.p0), ...op.get(L.xGap), ...op.i32Add, ...op.set(L.p1),
      ...op.get(L.m), ...op.get(L.jB), ...op.i32Add, ...op.set(L.q), ...op.get(L.terms), ...op.set(L.t),
    ];
    const advance = [...addTo(L.p0, op.get(L.xStep)), ...addTo(L.p1, op.get(L.xStep)), ...addTo(L.q, op.get(L.mWidth)), ...addTo(L.t, op.i32(-1))];
    const outAt = (row: 0 | 1) => [...op.get(L.out), ...(row ? [...op.get(L.outGap), ...op.i32Add] : []), ...op.get(L.jB), ...op.i32Add];
    /**
     * Columns jB .. jB + 2k for both rows (a_i row 0, b_i row 1), plus, when odd, column jB + 2k
     * with lane 0 row 0's output and lane 1 row 1's, both start[j] + sum_t x[r, t] m[t, j].
     */
    const pass = (k: number, odd: boolean) => [
      ...Array.from({ length: k }, (_, i) => [
        ...op.get(L.start), ...op.get(L.jB), ...op.i32Add, ...op.v128Load(16 * i), ...op.tee(L[`a${i}`]), ...op.set(L[`b${i}`]),
      ]).flat(),
      ...(odd ? [...op.get(L.start), ...op.get(L.jB), ...op.i32Add, ...op.loadSplat(16 * k), ...op.set(L.o)] : []),
      ...rewind,
      ...whileLoop(op.get(L.t), [
        ...(k > 0 ? [...op.get(L.p0), ...op.loadSplat(), ...op.set(L.v0), ...op.get(L.p1), ...op.loadSplat(), ...op.set(L.v1)] : []),
        ...Array.from({ length: k }, (_, i) => [
          ...op.get(L.q), ...op.v128Load(16 * i), ...op.set(L.mv),
          ...op.get(L[`a${i}`]), ...op.get(L.v0), ...op.get(L.mv), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L[`a${i}`]),
          ...op.get(L[`b${i}`]), ...op.get(L.v1), ...op.get(L.mv), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L[`b${i}`]),
        ]).flat(),
        ...(odd
          ? [
              ...op.get(L.o),
              ...op.get(L.p1), ...op.get(L.p0), ...op.loadSplat(), ...op.loadLane(1),
              ...op.get(L.q), ...op.loadSplat(16 * k), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L.o),
            ]
          : []),
        ...advance,
      ]),
      ...Array.from({ length: k }, (_, i) => [
        ...outAt(0), ...op.get(L[`a${i}`]), ...op.v128Store(16 * i),
        ...outAt(1), ...op.get(L[`b${i}`]), ...op.v128Store(16 * i),
      ]).flat(),
      ...(odd
        ? [...outAt(0), ...op.get(L.o), ...op.f64x2Extract(0), ...op.f64Store(16 * k), ...outAt(1), ...op.get(L.o), ...op.f64x2Extract(1), ...op.f64Store(16 * k)]
        : []),
    ];
    return [
      ...whileLoop([...op.get(L.jB), ...op.i32(16 * DENSE_BLOCK), ...op.i32Add, ...op.get(L.widthB), ...op.i32LeS], [
        ...pass(DENSE_BLOCK, false),
        ...addTo(L.jB, op.i32(16 * DENSE_BLOCK)),
      ]),
      ...lastPass(L, DENSE_BLOCK, pass),
    ];
  },
});

const COMPACT = 0;
const SPARSE_ROW = 1;
const DENSE_PAIR = 2;

/** rowSums(out, outGap, rows, width, start, x, xGap, xStep, terms, m, mWidth, sparse, list): row-sums.ts's rowSums (list: room for terms records). */
const rowSums = namedFunction({
  name: 'rowSums',
  params: [
    ['out', 'i32'], ['outGap', 'i32'], ['rows', 'i32'], ['width', 'i32'], ['start', 'i32'], ['x', 'i32'], ['xGap', 'i32'],
    ['xStep', 'i32'], ['terms', 'i32'], ['m', 'i32'], ['mWidth', 'i32'], ['sparse', 'i32'], ['list', 'i32'],
  ],
  locals: [['r', 'i32'], ['widthB', 'i32']],
  body: (L) => [
    ...op.get(L.width), ...op.i32(3), ...op.i32Shl, ...op.set(L.widthB),
    ...op.get(L.sparse), ...op.i32Eqz,
    ...op.ifThen(
      whileLoop([...op.get(L.r), ...op.i32(2), ...op.i32Add, ...op.get(L.rows), ...op.i32LeS], [
        ...[L.out, L.outGap, L.widthB, L.start, L.x, L.xGap, L.xStep, L.terms, L.m, L.mWidth].flatMap(op.get), ...op.call(DENSE_PAIR),
        ...addTo(L.out, [...op.get(L.outGap), ...op.i32(2), ...op.i32Mul]),
        ...addTo(L.x, [...op.get(L.xGap), ...op.i32(2), ...op.i32Mul]),
        ...addTo(L.r, op.i32(2)),
      ]),
    ),
    ...whileLoop([...op.get(L.r), ...op.get(L.rows), ...op.i32LtS], [
      ...op.get(L.out), ...op.get(L.widthB), ...op.get(L.start), ...op.get(L.list),
      ...[L.x, L.xStep, L.terms, L.mWidth, L.list].flatMap(op.get), ...op.call(COMPACT),
      ...op.get(L.m), ...op.call(SPARSE_ROW),
      ...addTo(L.out, op.get(L.outGap)), ...addTo(L.x, op.get(L.xGap)), ...addTo(L.r, op.i32(1)),
    ]),
  ],
});

/** The functions, in the order of the indices above (first in their module, as the calls assume). */
export const ROW_SUMS_FUNCTIONS: WasmFunction[] = [compact, sparseRow, densePair, rowSums];

export type WasmRowSums = (
  out: number, outGap: number, rows: number, width: number, start: number, x: number, xGap: number,
  xStep: number, terms: number, m: number, mWidth: number, sparse: number, list: number,
) => void;
