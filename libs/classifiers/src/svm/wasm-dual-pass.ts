import { addTo, assembleModule, namedFunction, wasmOp as op, whileLoop } from '@radsweep/core';

/**
 * One pass of liblinear's dual coordinate descent (dual-pass-kernel.ts, `jsDualPass`) as a
 * WebAssembly SIMD function: the same visits in the same order, with the same IEEE
 * operations. The row dot product keeps the JS loop's four partial sums, as the lanes of two
 * f64x2 accumulators (s0, s1) and (s2, s3); the axpy w += d x_i goes a pair at a time.
 * WebAssembly rounds every f64 operation as JavaScript does and never fuses a multiply and an
 * add, so both passes give the same bits.
 *
 * dualPass(x, rowBytes, p, w, alpha, qd, sign, index, stats, active, pgMaxOld, diag, scaling) -> active:
 * byte addresses of X (row-major, rowBytes = 8p apart), w (p), alpha, qd, sign (n f64 each),
 * index (n i32: the visiting order, active set first) and stats = [w_b, PG max, PG min]
 * (w_b read and written, the PG spread written).
 */
const dualPass = namedFunction({
  name: 'dualPass',
  params: [
    ['x', 'i32'], ['rowBytes', 'i32'], ['p', 'i32'], ['w', 'i32'], ['alpha', 'i32'], ['qd', 'i32'], ['sign', 'i32'], ['index', 'i32'],
    ['stats', 'i32'], ['active', 'i32'], ['pgMaxOld', 'f64'], ['diag', 'f64'], ['scaling', 'f64'],
  ],
  locals: [
    ['s', 'i32'], ['i', 'i32'], ['row', 'i32'], ['px', 'i32'], ['pw', 'i32'], ['k', 'i32'], ['at', 'i32'],
    ['wb', 'f64'], ['pgMax', 'f64'], ['pgMin', 'f64'], ['si', 'f64'], ['g', 'f64'], ['pg', 'f64'], ['old', 'f64'], ['d', 'f64'], ['s0', 'f64'],
    ['acc01', 'v128'], ['acc23', 'v128'], ['dv', 'v128'],
  ],
  result: 'i32',
  body: (L) => {
    const get = op.get;
    /** byte address of element local `i` of the f64 array at local `base` */
    const f64At = (base: number, i: number) => [...get(base), ...get(i), ...op.i32(3), ...op.i32Shl, ...op.i32Add];
    const indexAt = (s: number) => [...get(L.index), ...get(s), ...op.i32(2), ...op.i32Shl, ...op.i32Add];
    const rewind = [...get(L.row), ...op.set(L.px), ...get(L.w), ...op.set(L.pw)];
    const step = (bytes: number) => [...addTo(L.px, op.i32(bytes)), ...addTo(L.pw, op.i32(bytes))];
    const product = (offset: number) => [...get(L.pw), ...op.v128Load(offset), ...get(L.px), ...op.v128Load(offset), ...op.f64x2Mul];
    // s0..s3 over j = 0, 1, 2, 3 mod 4 (p >> 2 groups), the last p & 3 terms into s0: rowDot's sums
    const dot = [
      ...op.f64(0), ...op.f64x2Splat, ...op.tee(L.acc01), ...op.set(L.acc23),
      ...rewind,
      ...get(L.p), ...op.i32(2), ...op.i32ShrU, ...op.set(L.k),
      ...whileLoop(get(L.k), [
        ...get(L.acc01), ...product(0), ...op.f64x2Add, ...op.set(L.acc01),
        ...get(L.acc23), ...product(16), ...op.f64x2Add, ...op.set(L.acc23),
        ...step(32), ...addTo(L.k, op.i32(-1)),
      ]),
      ...get(L.acc01), ...op.f64x2Extract(0), ...op.set(L.s0),
      ...get(L.p), ...op.i32(3), ...op.i32And, ...op.set(L.k),
      ...whileLoop(get(L.k), [
        ...get(L.s0), ...get(L.pw), ...op.f64Load(), ...get(L.px), ...op.f64Load(), ...op.f64Mul, ...op.f64Add, ...op.set(L.s0),
        ...step(8), ...addTo(L.k, op.i32(-1)),
      ]),
      // (s0 + s1) + (s2 + s3)
      ...get(L.s0), ...get(L.acc01), ...op.f64x2Extract(1), ...op.f64Add,
      ...get(L.acc23), ...op.f64x2Extract(0), ...get(L.acc23), ...op.f64x2Extract(1), ...op.f64Add, ...op.f64Add,
    ];
    // w += d x_i: rowAxpy's w[j] + d * x[j], a pair at a time, then an odd last one
    const axpy = [
      ...get(L.d), ...op.f64x2Splat, ...op.set(L.dv),
      ...rewind,
      ...get(L.p), ...op.i32(1), ...op.i32ShrU, ...op.set(L.k),
      ...whileLoop(get(L.k), [
        ...get(L.pw), ...get(L.pw), ...op.v128Load(), ...get(L.dv), ...get(L.px), ...op.v128Load(), ...op.f64x2Mul, ...op.f64x2Add, ...op.v128Store(),
        ...step(16), ...addTo(L.k, op.i32(-1)),
      ]),
      ...get(L.p), ...op.i32(1), ...op.i32And,
      ...op.ifThen([...get(L.pw), ...get(L.pw), ...op.f64Load(), ...get(L.d), ...get(L.px), ...op.f64Load(), ...op.f64Mul, ...op.f64Add, ...op.f64Store()]),
    ];
    // at the bound and unlikely to move: swap i to the end of the active set and visit slot s again
    const shrink = [
      ...addTo(L.active, op.i32(-1)),
      ...indexAt(L.s), ...indexAt(L.active), ...op.i32Load(), ...op.i32Store(),
      ...indexAt(L.active), ...get(L.i), ...op.i32Store(),
    ];
    const visit = [
      ...indexAt(L.s), ...op.i32Load(), ...op.set(L.i),
      ...get(L.i), ...get(L.rowBytes), ...op.i32Mul, ...get(L.x), ...op.i32Add, ...op.set(L.row),
      ...f64At(L.sign, L.i), ...op.f64Load(), ...op.set(L.si),
      ...f64At(L.alpha, L.i), ...op.tee(L.at), ...op.f64Load(), ...op.set(L.old),
      // g = s_i (w . x_i + w_b b) - 1 + alpha_i diag
      ...get(L.si), ...dot, ...get(L.wb), ...get(L.scaling), ...op.f64Mul, ...op.f64Add, ...op.f64Mul, ...op.f64(1), ...op.f64Sub,
      ...get(L.old), ...get(L.diag), ...op.f64Mul, ...op.f64Add, ...op.set(L.g),
      ...get(L.old), ...op.f64(0), ...op.f64Eq,
      ...op.ifElse(
        [
          ...get(L.g), ...get(L.pgMaxOld), ...op.f64Gt,
          ...op.ifThen([...shrink, ...op.br(2)]), // continue: past this if and the outer one to the loop
          ...get(L.g), ...op.f64(0), ...get(L.g), ...op.f64(0), ...op.f64Lt, ...op.select, ...op.set(L.pg),
        ],
        [...get(L.g), ...op.set(L.pg)],
      ),
      ...get(L.pg), ...get(L.pgMax), ...get(L.pg), ...get(L.pgMax), ...op.f64Gt, ...op.select, ...op.set(L.pgMax),
      ...get(L.pg), ...get(L.pgMin), ...get(L.pg), ...get(L.pgMin), ...op.f64Lt, ...op.select, ...op.set(L.pgMin),
      ...get(L.pg), ...op.f64Abs, ...op.f64(1e-12), ...op.f64Gt,
      ...op.ifThen([
        // alpha_i = max(old - g / QD_i, 0); d = (alpha_i - old) s_i
        ...get(L.at),
        ...get(L.old), ...get(L.g), ...f64At(L.qd, L.i), ...op.f64Load(), ...op.f64Div, ...op.f64Sub, ...op.f64(0), ...op.f64Max,
        ...op.f64Store(),
        ...get(L.at), ...op.f64Load(), ...get(L.old), ...op.f64Sub, ...get(L.si), ...op.f64Mul, ...op.set(L.d),
        ...axpy,
        ...get(L.wb), ...get(L.d), ...get(L.scaling), ...op.f64Mul, ...op.f64Add, ...op.set(L.wb),
      ]),
      ...addTo(L.s, op.i32(1)),
    ];
    return [
      ...get(L.stats), ...op.f64Load(), ...op.set(L.wb),
      ...op.f64(-Infinity), ...op.set(L.pgMax),
      ...op.f64(Infinity), ...op.set(L.pgMin),
      ...op.block(op.loop([
        ...get(L.s), ...get(L.active), ...op.i32GeS, ...op.brIf(1),
        ...visit,
        ...op.br(0),
      ])),
      ...get(L.stats), ...get(L.wb), ...op.f64Store(),
      ...get(L.stats), ...get(L.pgMax), ...op.f64Store(8),
      ...get(L.stats), ...get(L.pgMin), ...op.f64Store(16),
      ...get(L.active),
    ];
  },
});

export const DUAL_PASS_MODULE = assembleModule([dualPass]);

export type WasmDualPass = (
  x: number, rowBytes: number, p: number, w: number, alpha: number, qd: number, sign: number, index: number,
  stats: number, active: number, pgMaxOld: number, diag: number, scaling: number,
) => number;
