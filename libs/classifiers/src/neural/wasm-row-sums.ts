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

/** Output columns per block: 16 (eight f64x2 accumulators), 8, then 2; a last odd column alone. */
const SPARSE_BLOCKS = [8, 4, 1];
/** Dense row pairs: 2 rows x 8 columns (eight accumulators), then 2 x 2, then one column for both rows in one f64x2. */
const DENSE_BLOCKS = [4, 1];

const vectors = (prefix: string, k: number): [string, 'v128'][] => Array.from({ length: k }, (_, i) => [`${prefix}${i}`, 'v128']);

/** compact(x, xStep, terms, mWidth, off, val) -> count: (t * mWidth, x[t]) for non-zero x[t], ascending, branch-free. */
const compact = namedFunction({
  name: 'compact',
  params: [['x', 'i32'], ['xStep', 'i32'], ['terms', 'i32'], ['mWidth', 'i32'], ['off', 'i32'], ['val', 'i32']],
  locals: [['count', 'i32'], ['t', 'i32'], ['tOff', 'i32'], ['v', 'f64']],
  result: 'i32',
  body: (L) => [
    ...whileLoop([...op.get(L.t), ...op.get(L.terms), ...op.i32LtS], [
      ...op.get(L.x), ...op.f64Load(), ...op.set(L.v),
      ...op.get(L.off), ...op.get(L.count), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.get(L.tOff), ...op.i32Store(),
      ...op.get(L.val), ...op.get(L.count), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.get(L.v), ...op.f64Store(),
      ...addTo(L.count, [...op.get(L.v), ...op.f64(0), ...op.f64Ne]),
      ...addTo(L.x, op.get(L.xStep)), ...addTo(L.tOff, op.get(L.mWidth)), ...addTo(L.t, op.i32(1)),
    ]),
    ...op.get(L.count),
  ],
});

/** sparseRow(out, widthB, start, off, val, count, m): one output row from a compacted list. */
const sparseRow = namedFunction({
  name: 'sparseRow',
  params: [['out', 'i32'], ['widthB', 'i32'], ['start', 'i32'], ['off', 'i32'], ['val', 'i32'], ['count', 'i32'], ['m', 'i32']],
  locals: [['jB', 'i32'], ['pV', 'i32'], ['pO', 'i32'], ['t', 'i32'], ['q', 'i32'], ['v', 'v128'], ['s', 'f64'], ...vectors('c', 8)],
  body: (L) => {
    const rewind = [...op.get(L.val), ...op.set(L.pV), ...op.get(L.off), ...op.set(L.pO), ...op.get(L.count), ...op.set(L.t)];
    const advance = [...addTo(L.pV, op.i32(8)), ...addTo(L.pO, op.i32(4)), ...addTo(L.t, op.i32(-1))];
    // q = m + t * mWidth + jB (the byte address of m[t, j])
    const row = [...op.get(L.pO), ...op.i32Load(), ...op.get(L.m), ...op.i32Add, ...op.get(L.jB), ...op.i32Add];
    const block = (k: number) =>
      whileLoop([...op.get(L.jB), ...op.i32(16 * k), ...op.i32Add, ...op.get(L.widthB), ...op.i32LeS], [
        ...Array.from({ length: k }, (_, i) => [...op.get(L.start), ...op.get(L.jB), ...op.i32Add, ...op.v128Load(16 * i), ...op.set(L[`c${i}`])]).flat(),
        ...rewind,
        ...whileLoop(op.get(L.t), [
          ...op.get(L.pV), ...op.loadSplat(), ...op.set(L.v),
          ...row, ...op.set(L.q),
          ...Array.from({ length: k }, (_, i) => [
            ...op.get(L[`c${i}`]), ...op.get(L.v), ...op.get(L.q), ...op.v128Load(16 * i), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L[`c${i}`]),
          ]).flat(),
          ...advance,
        ]),
        ...Array.from({ length: k }, (_, i) => [...op.get(L.out), ...op.get(L.jB), ...op.i32Add, ...op.get(L[`c${i}`]), ...op.v128Store(16 * i)]).flat(),
        ...addTo(L.jB, op.i32(16 * k)),
      ]);
    return [
      ...SPARSE_BLOCKS.flatMap(block),
      // a last odd column, one scalar sum
      ...op.get(L.jB), ...op.get(L.widthB), ...op.i32LtS,
      ...op.ifThen([
        ...op.get(L.start), ...op.get(L.jB), ...op.i32Add, ...op.f64Load(), ...op.set(L.s),
        ...rewind,
        ...whileLoop(op.get(L.t), [
          ...op.get(L.s), ...op.get(L.pV), ...op.f64Load(), ...row, ...op.f64Load(), ...op.f64Mul, ...op.f64Add, ...op.set(L.s),
          ...advance,
        ]),
        ...op.get(L.out), ...op.get(L.jB), ...op.i32Add, ...op.get(L.s), ...op.f64Store(),
      ]),
    ];
  },
});

/** densePair(out, outGap, widthB, start, x, xGap, xStep, terms, m, mWidth): output rows at out and out + outGap. */
const densePair = namedFunction({
  name: 'densePair',
  params: [
    ['out', 'i32'], ['outGap', 'i32'], ['widthB', 'i32'], ['start', 'i32'], ['x', 'i32'],
    ['xGap', 'i32'], ['xStep', 'i32'], ['terms', 'i32'], ['m', 'i32'], ['mWidth', 'i32'],
  ],
  locals: [['jB', 'i32'], ['p0', 'i32'], ['p1', 'i32'], ['q', 'i32'], ['t', 'i32'], ['v0', 'v128'], ['v1', 'v128'], ['mv', 'v128'], ...vectors('a', 4), ...vectors('b', 4)],
  body: (L) => {
    const rewind = [
      ...op.get(L.x), ...op.tee(L.p0), ...op.get(L.xGap), ...op.i32Add, ...op.set(L.p1),
      ...op.get(L.m), ...op.get(L.jB), ...op.i32Add, ...op.set(L.q), ...op.get(L.terms), ...op.set(L.t),
    ];
    const advance = [...addTo(L.p0, op.get(L.xStep)), ...addTo(L.p1, op.get(L.xStep)), ...addTo(L.q, op.get(L.mWidth)), ...addTo(L.t, op.i32(-1))];
    const block = (k: number) =>
      whileLoop([...op.get(L.jB), ...op.i32(16 * k), ...op.i32Add, ...op.get(L.widthB), ...op.i32LeS], [
        ...Array.from({ length: k }, (_, i) => [
          ...op.get(L.start), ...op.get(L.jB), ...op.i32Add, ...op.v128Load(16 * i), ...op.tee(L[`a${i}`]), ...op.set(L[`b${i}`]),
        ]).flat(),
        ...rewind,
        ...whileLoop(op.get(L.t), [
          ...op.get(L.p0), ...op.loadSplat(), ...op.set(L.v0),
          ...op.get(L.p1), ...op.loadSplat(), ...op.set(L.v1),
          ...Array.from({ length: k }, (_, i) => [
            ...op.get(L.q), ...op.v128Load(16 * i), ...op.set(L.mv),
            ...op.get(L[`a${i}`]), ...op.get(L.v0), ...op.get(L.mv), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L[`a${i}`]),
            ...op.get(L[`b${i}`]), ...op.get(L.v1), ...op.get(L.mv), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L[`b${i}`]),
          ]).flat(),
          ...advance,
        ]),
        ...Array.from({ length: k }, (_, i) => [
          ...op.get(L.out), ...op.get(L.jB), ...op.i32Add, ...op.get(L[`a${i}`]), ...op.v128Store(16 * i),
          ...op.get(L.out), ...op.get(L.outGap), ...op.i32Add, ...op.get(L.jB), ...op.i32Add, ...op.get(L[`b${i}`]), ...op.v128Store(16 * i),
        ]).flat(),
        ...addTo(L.jB, op.i32(16 * k)),
      ]);
    // A last odd column: lane 0 is row 0's output, lane 1 row 1's, both start[j] + sum_t x[r, t] m[t, j].
    const lastColumn = [
      ...op.get(L.jB), ...op.get(L.widthB), ...op.i32LtS,
      ...op.ifThen([
        ...op.get(L.start), ...op.get(L.jB), ...op.i32Add, ...op.loadSplat(), ...op.set(L.a0),
        ...rewind,
        ...whileLoop(op.get(L.t), [
          ...op.get(L.a0),
          ...op.get(L.p1), ...op.get(L.p0), ...op.loadSplat(), ...op.loadLane(1),
          ...op.get(L.q), ...op.loadSplat(), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(L.a0),
          ...advance,
        ]),
        ...op.get(L.out), ...op.get(L.jB), ...op.i32Add, ...op.get(L.a0), ...op.f64x2Extract(0), ...op.f64Store(),
        ...op.get(L.out), ...op.get(L.outGap), ...op.i32Add, ...op.get(L.jB), ...op.i32Add, ...op.get(L.a0), ...op.f64x2Extract(1), ...op.f64Store(),
      ]),
    ];
    return [...DENSE_BLOCKS.flatMap(block), ...lastColumn];
  },
});

const COMPACT = 0;
const SPARSE_ROW = 1;
const DENSE_PAIR = 2;

/** rowSums(out, outGap, rows, width, start, x, xGap, xStep, terms, m, mWidth, sparse, off, val): row-sums.ts's rowSums. */
const rowSums = namedFunction({
  name: 'rowSums',
  params: [
    ['out', 'i32'], ['outGap', 'i32'], ['rows', 'i32'], ['width', 'i32'], ['start', 'i32'], ['x', 'i32'], ['xGap', 'i32'],
    ['xStep', 'i32'], ['terms', 'i32'], ['m', 'i32'], ['mWidth', 'i32'], ['sparse', 'i32'], ['off', 'i32'], ['val', 'i32'],
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
      ...op.get(L.out), ...op.get(L.widthB), ...op.get(L.start), ...op.get(L.off), ...op.get(L.val),
      ...[L.x, L.xStep, L.terms, L.mWidth, L.off, L.val].flatMap(op.get), ...op.call(COMPACT),
      ...op.get(L.m), ...op.call(SPARSE_ROW),
      ...addTo(L.out, op.get(L.outGap)), ...addTo(L.x, op.get(L.xGap)), ...addTo(L.r, op.i32(1)),
    ]),
  ],
});

/** The functions, in the order of the indices above (first in their module, as the calls assume). */
export const ROW_SUMS_FUNCTIONS: WasmFunction[] = [compact, sparseRow, densePair, rowSums];

export type WasmRowSums = (
  out: number, outGap: number, rows: number, width: number, start: number, x: number, xGap: number,
  xStep: number, terms: number, m: number, mWidth: number, sparse: number, off: number, val: number,
) => void;
