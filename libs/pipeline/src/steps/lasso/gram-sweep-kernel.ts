/**
 * The WebAssembly kernel of the Gram-form LASSO coordinate descent: one whole
 * cyclic sweep over the coordinates (`sweep`) and the row update h += delta G[j, :]
 * (`addRow`), with h updated two lanes at a time (f64x2). Every floating-point
 * operation is the one the scalar sweep (gram-space.ts, `scalarSweep`) does, in the
 * same order: WebAssembly has no fused multiply-add and rounds every f64 operation
 * as JavaScript does, so the two give the same bits.
 *
 * `descend` runs the sweeps of one alpha and the duality-gap checks between them
 * (coordinate-descent.ts, `lassoCoordinateDescentGram`) in one call.
 *
 * Memory (f64, p the number of columns): G (p x p, row-major) at 0, then h = G w,
 * w and X'y (p each), then [max_j |w_j|, max_j |change of w_j|] of the last sweep
 * and the last duality gap, then a block's scratch list.
 * Reference: scikit-learn 1.2 sklearn/linear_model/_cd_fast.pyx, `enet_coordinate_descent_gram`.
 */
import {
  F64, I32, Locals, OP, SIMD, V128, addTo, assembleModule, block, br, brIf, f64, f64Load, f64Store, get, i32, i32Load, i32Store, ifThen, loop, set, simd, tee, v128Load, v128Store,
} from './wasm-assembler';

/** Byte addresses of the memory's parts for p columns. */
export function gramLayout(p: number) {
  const h = p * p * 8;
  const w = h + p * 8;
  const xty = w + p * 8;
  const stats = xty + p * 8;
  // then the scratch list of a block's changes (f64) and rows (i32 byte addresses)
  return { h, w, xty, stats, bytes: stats + STATS_BYTES + 12 * SWEEP_BLOCK };
}

/** Sets the locals to gramLayout's byte addresses from the local p: a row of G (p * 8), h, w and X'y. */
function layoutAddresses(p: number, to: { rowBytes: number; h: number; w: number; xty: number }): number[] {
  return [
    ...get(p), ...i32(3), OP.i32Shl, ...set(to.rowBytes),
    ...get(p), ...get(to.rowBytes), OP.i32Mul, ...set(to.h),
    ...get(to.h), ...get(to.rowBytes), OP.i32Add, ...set(to.w),
    ...get(to.w), ...get(to.rowBytes), OP.i32Add, ...set(to.xty),
  ];
}

/** [max |w_j|, max |change|, duality gap]. */
const STATS_BYTES = 24;

/** Local indices the row update works with; `src` and `dst` hold the row of G and h's byte addresses on entry. */
interface RowUpdateLocals {
  p: number;
  delta: number;
  src: number;
  dst: number;
  pairs: number;
  v: number;
}

/** dst[off .. off + 16) += v * src[off ..] on one f64 pair: the store's address, h's pair, then v * G's pair, added. */
function pairUpdate(l: RowUpdateLocals, off: number): number[] {
  return [...get(l.dst), ...get(l.dst), ...v128Load(off), ...get(l.v), ...get(l.src), ...v128Load(off), ...simd(SIMD.f64x2Mul), ...simd(SIMD.f64x2Add), ...v128Store(off)];
}

/**
 * h[k] = h[k] + delta * G[j, k] for k < p: one pair if p >> 1 is odd, then two pairs
 * per loop turn, then the odd last element (src and dst have reached it) in scalar f64.
 */
function rowUpdate(l: RowUpdateLocals): number[] {
  return [
    ...get(l.delta), ...simd(SIMD.f64x2Splat), ...set(l.v),
    ...get(l.p), ...i32(1), OP.i32ShrU, ...set(l.pairs),
    ...block(
      [...get(l.pairs), ...i32(1), OP.i32And],
      ifThen(pairUpdate(l, 0), addTo(l.src, 16), addTo(l.dst, 16)),
      [...get(l.pairs), ...i32(1), OP.i32ShrU, ...tee(l.pairs), OP.i32Eqz, ...brIf(0)],
      loop(pairUpdate(l, 0), pairUpdate(l, 16), addTo(l.src, 32), addTo(l.dst, 32), [...get(l.pairs), ...i32(1), OP.i32Sub, ...tee(l.pairs), ...brIf(0)]),
    ),
    ...get(l.p), ...i32(1), OP.i32And,
    ...ifThen([...get(l.dst), ...get(l.dst), ...f64Load(), ...get(l.delta), ...get(l.src), ...f64Load(), OP.f64Mul, OP.f64Add, ...f64Store()]),
  ];
}

/** i32 byte address: local a + local b. */
const at = (a: number, b: number) => [...get(a), ...get(b), OP.i32Add];

/** addRow(p, j, delta): h += delta * G[j, :]. */
function addRowFunction() {
  const [p, j, delta, src, dst, pairs, v] = [0, 1, 2, 3, 4, 5, 6];
  return {
    name: 'addRow',
    params: [I32, I32, F64],
    results: [],
    locals: [I32, I32, I32, V128],
    body: [
      [...get(j), ...get(p), OP.i32Mul, ...i32(3), OP.i32Shl, ...set(src)],
      [...get(p), ...get(p), OP.i32Mul, ...i32(3), OP.i32Shl, ...set(dst)],
      rowUpdate({ p, delta, src, dst, pairs, v }),
    ],
  };
}

/** Coordinates per block of the sweep (see `sweepFunction`). */
const SWEEP_BLOCK = 4;

/**
 * h[k] = (((h[k] + d_0 G[r_0, k]) + d_1 G[r_1, k]) + ...) for k from byte `from` to
 * `to` (exclusive), pairs by f64x2 and an odd last element in scalar f64: the
 * recorded changes of a block, in coordinate order, applied to h outside the block.
 */
function blockRangeUpdate(hB: number, k8: number, from: number[], to: number, rows: number[], d: number[], v: number[]): number[] {
  const pair = [...at(hB, k8), ...at(hB, k8), ...v128Load()];
  for (let b = 0; b < rows.length; b++) pair.push(...get(v[b]), ...at(rows[b], k8), ...v128Load(), ...simd(SIMD.f64x2Mul), ...simd(SIMD.f64x2Add));
  const tail = [...at(hB, k8), ...at(hB, k8), ...f64Load()];
  for (let b = 0; b < rows.length; b++) tail.push(...get(d[b]), ...at(rows[b], k8), ...f64Load(), OP.f64Mul, OP.f64Add);
  return [
    ...from, ...set(k8),
    ...block(loop([...get(k8), ...i32(16), OP.i32Add, ...get(to), OP.i32GtU, ...brIf(1)], pair, v128Store(), addTo(k8, 16), br(0))),
    ...get(k8), ...get(to), OP.i32Ne,
    ...ifThen(tail, f64Store()),
  ];
}

/**
 * sweep(p, l1): for j = 0 .. p-1 with G[j, j] != 0: z = (X'y_j - h_j) + w_j G[j, j],
 * w_j = (sign(z) (|z| - l1)) / G[j, j] if |z| - l1 > 0 else 0 (sign as Math.sign),
 * and if the change d_j = new w_j - old w_j is not 0, h_k = h_k + d_j G[j, k] for all
 * k; the largest |w_j| and |d_j| (f64.max, as Math.max) are stored after X'y.
 * The coordinates go in blocks of SWEEP_BLOCK (the code of a block is unrolled):
 * the block's own h_k are held in locals and get each change at once (coordinate
 * j + 1 reads h_(j+1), the chain that bounds the sweep's speed); h outside the block
 * gets the block's non-zero changes when the block ends, all of them in one pass
 * that holds each pair of h in a register. Each h_k still receives the same products
 * in the same order of j (no h_k outside a block is read before its block ends), so
 * the bits are those of the scalar sweep, with a quarter of its loads and stores of h.
 */
function sweepFunction() {
  const B = SWEEP_BLOCK;
  const [p, l1] = [0, 1];
  const L = new Locals(2);
  const [j8, row, hB, wB, xB, rowBytes, j0, j1, k8, m, scratch] = Array.from({ length: 11 }, () => L.add(I32));
  const [qjj, old, z, mag, wj, delta, wMax, dwMax] = Array.from({ length: 8 }, () => L.add(F64));
  const rows = Array.from({ length: B }, () => L.add(I32));
  const d = Array.from({ length: B }, () => L.add(F64));
  const v = Array.from({ length: B }, () => L.add(V128));
  const hb = Array.from({ length: B }, () => L.add(F64));
  const zero = f64(0);
  // Block end of the m recorded changes: read back the changes and rows, then update h before and after the block.
  const flush: number[][] = [];
  for (let count = 1; count <= B; count++) {
    const load: number[] = [];
    for (let b = 0; b < count; b++) {
      load.push(...get(scratch), ...f64Load(8 * b), ...tee(d[b]), ...simd(SIMD.f64x2Splat), ...set(v[b]));
      load.push(...get(scratch), ...i32Load(8 * B + 4 * b), ...set(rows[b]));
    }
    const r = rows.slice(0, count);
    const dv = d.slice(0, count);
    const vv = v.slice(0, count);
    flush.push([
      ...get(m), ...i32(count), OP.i32Eq,
      // after the block first: the next coordinate reads h there
      ...ifThen(load, blockRangeUpdate(hB, k8, get(j1), rowBytes, r, dv, vv), blockRangeUpdate(hB, k8, i32(0), j0, r, dv, vv)),
    ]);
  }
  // Coordinate j = j0 + b of the block (bytes j8; ends the block early at p). h_j0 .. h_(j0+B-1) are
  // in the locals hb while the block runs; a change adds to all of them at once.
  const coordinate = (b: number) => [
    ...get(j8), ...get(rowBytes), OP.i32Eq, ...brIf(0),
    ...block(
      // G[j, j]; a zero column is skipped (as `continue`).
      [...at(row, j8), ...f64Load(), ...tee(qjj), ...zero, OP.f64Eq, ...brIf(0)],
      [...at(wB, j8), ...f64Load(), ...set(old)],
      [...at(xB, j8), ...f64Load(), ...get(hb[b]), OP.f64Sub, ...get(old), ...get(qjj), OP.f64Mul, OP.f64Add, ...tee(z)],
      [OP.f64Abs, ...get(l1), OP.f64Sub, ...set(mag)],
      // select(a, b, c) = c ? a : b. Without a branch: wj = mag > 0 ? (sign(z) mag) / G[j, j] : 0,
      // sign(z) = z > 0 ? 1 : (z < 0 ? -1 : z) as Math.sign.
      [...f64(1), ...f64(-1), ...get(z), ...get(z), ...zero, OP.f64Lt, OP.select, ...get(z), ...zero, OP.f64Gt, OP.select],
      [...get(mag), OP.f64Mul, ...get(qjj), OP.f64Div, ...zero, ...get(mag), ...zero, OP.f64Gt, OP.select, ...set(wj)],
      [...at(wB, j8), ...get(wj), ...f64Store()],
      [...get(wj), ...get(old), OP.f64Sub, ...tee(delta), ...zero, OP.f64Ne],
      ifThen(
        // h_k += d_j G[j, k] inside the block now (columns past p compute unused values); record (d_j, row j).
        [...at(row, j0), ...set(k8)],
        ...hb.map((h, c) => [...get(h), ...get(delta), ...get(k8), ...f64Load(8 * c), OP.f64Mul, OP.f64Add, ...set(h)]),
        [...get(scratch), ...get(m), ...i32(3), OP.i32Shl, OP.i32Add, ...get(delta), ...f64Store()],
        [...get(scratch), ...get(m), ...i32(2), OP.i32Shl, OP.i32Add, ...get(row), ...i32Store(8 * B)],
        addTo(m, 1),
      ),
      [...get(dwMax), ...get(delta), OP.f64Abs, OP.f64Max, ...set(dwMax)],
      [...get(wMax), ...get(wj), OP.f64Abs, OP.f64Max, ...set(wMax)],
    ),
    ...addTo(j8, 8),
    ...get(row), ...get(rowBytes), OP.i32Add, ...set(row),
  ];
  return {
    name: 'sweep',
    params: [I32, F64],
    results: [],
    locals: L.types,
    body: [
      layoutAddresses(p, { rowBytes, h: hB, w: wB, xty: xB }),
      [...get(xB), ...get(rowBytes), OP.i32Add, ...i32(STATS_BYTES), OP.i32Add, ...set(scratch)],
      block(
        [...get(p), OP.i32Eqz, ...brIf(0)],
        loop(
          // The block: coordinates j0 .. j1 - 1 (bytes), j1 = min(j0 + B, p); h of the block into locals
          // (past p: w and X'y, whose values go unused).
          [...get(j8), ...set(j0), ...i32(0), ...set(m)],
          ...hb.map((h, c) => [...at(hB, j0), ...f64Load(8 * c), ...set(h)]),
          block(...Array.from({ length: B }, (_, b) => coordinate(b))),
          [...get(j8), ...set(j1)],
          ...hb.map((h, c) => [...get(j0), ...i32(8 * c), OP.i32Add, ...get(j1), OP.i32LtU, ...ifThen([...at(hB, j0), ...get(h), ...f64Store(8 * c)])]),
          ...flush,
          [...get(j8), ...get(rowBytes), OP.i32Ne, ...brIf(0)],
        ),
      ),
      [...at(xB, rowBytes), ...get(wMax), ...f64Store(0)],
      [...at(xB, rowBytes), ...get(dwMax), ...f64Store(8)],
    ],
  };
}

/**
 * descend(p, l1, maxIter, tol, yNorm2) -> sweeps: `sweep` (function 0) until the
 * duality gap is below tol * yNorm2 or maxIter sweeps are done; the gap is checked
 * after a sweep when max |w_j| = 0, max |change| / max |w_j| < tol or it was the
 * last sweep. The gap, as `dualityGap` in coordinate-descent.ts with the same
 * sums in the same order (its loops fused; each sum still runs over j in order):
 * r2 = (yNorm2 + w'h) - 2 w'X'y, dual norm N = max_j |X'y_j - h_j| (a > N, NaN
 * ignored), s = 1 and gap = r2, or if N > l1: s = l1 / N and gap = 0.5 (r2 + (r2 s) s);
 * then gap = (gap + l1 ||w||_1) - s (yNorm2 - w'X'y). The last gap goes to memory.
 */
function descendFunction() {
  const [p, l1, maxIter, tol, yNorm2] = [0, 1, 2, 3, 4];
  const L = new Locals(5);
  const [sweeps, j8, hB, wB, xB, rowBytes, stats] = Array.from({ length: 7 }, () => L.add(I32));
  const [gapTol, gap, wMax, qDotW, wDotH, dualNorm, wL1, a, wj, xj, hj, scale, r2] = Array.from({ length: 13 }, () => L.add(F64));
  const zero = f64(0);
  const sums = [
    [...at(wB, j8), ...f64Load(), ...set(wj)],
    [...at(xB, j8), ...f64Load(), ...set(xj)],
    [...at(hB, j8), ...f64Load(), ...set(hj)],
    [...get(xj), ...get(hj), OP.f64Sub, OP.f64Abs, ...set(a)],
    [...get(a), ...get(dualNorm), ...get(a), ...get(dualNorm), OP.f64Gt, OP.select, ...set(dualNorm)],
    [...get(qDotW), ...get(wj), ...get(xj), OP.f64Mul, OP.f64Add, ...set(qDotW)],
    [...get(wDotH), ...get(wj), ...get(hj), OP.f64Mul, OP.f64Add, ...set(wDotH)],
    [...get(wL1), ...get(wj), OP.f64Abs, OP.f64Add, ...set(wL1)],
  ];
  return {
    name: 'descend',
    params: [I32, F64, I32, F64, F64],
    results: [I32],
    locals: L.types,
    body: [
      layoutAddresses(p, { rowBytes, h: hB, w: wB, xty: xB }),
      [...get(xB), ...get(rowBytes), OP.i32Add, ...set(stats)],
      [...get(tol), ...get(yNorm2), OP.f64Mul, ...tee(gapTol), ...f64(1), OP.f64Add, ...set(gap)],
      block(
        loop(
          [...get(sweeps), ...get(maxIter), OP.i32GeS, ...brIf(1)],
          [...get(p), ...get(l1), OP.call, 0],
          addTo(sweeps, 1),
          // Not due for a gap check: next sweep.
          [...get(stats), ...f64Load(0), ...tee(wMax), ...zero, OP.f64Eq],
          [...get(stats), ...f64Load(8), ...get(wMax), OP.f64Div, ...get(tol), OP.f64Lt, OP.i32Or],
          [...get(sweeps), ...get(maxIter), OP.i32Eq, OP.i32Or, OP.i32Eqz, ...brIf(0)],
          [...zero, ...tee(qDotW), ...tee(wDotH), ...tee(dualNorm), ...set(wL1), ...i32(0), ...set(j8)],
          block(loop([...get(j8), ...get(rowBytes), OP.i32Eq, ...brIf(1)], ...sums, addTo(j8, 8), br(0))),
          [...get(yNorm2), ...get(wDotH), OP.f64Add, ...f64(2), ...get(qDotW), OP.f64Mul, OP.f64Sub, ...tee(r2), ...set(gap), ...f64(1), ...set(scale)],
          [...get(dualNorm), ...get(l1), OP.f64Gt],
          ifThen(
            [...get(l1), ...get(dualNorm), OP.f64Div, ...set(scale)],
            [...f64(0.5), ...get(r2), ...get(r2), ...get(scale), OP.f64Mul, ...get(scale), OP.f64Mul, OP.f64Add, OP.f64Mul, ...set(gap)],
          ),
          [...get(gap), ...get(l1), ...get(wL1), OP.f64Mul, OP.f64Add, ...get(scale), ...get(yNorm2), ...get(qDotW), OP.f64Sub, OP.f64Mul, OP.f64Sub, ...set(gap)],
          [...get(gap), ...get(gapTol), OP.f64Lt, ...brIf(1)],
          br(0),
        ),
      ),
      [...get(stats), ...get(gap), ...f64Store(16)],
      get(sweeps),
    ],
  };
}

/** The module's bytes: exports "sweep" (function 0), "addRow", "descend" and "mem". */
export const GRAM_SWEEP_MODULE = assembleModule([sweepFunction(), addRowFunction(), descendFunction()]);

/** The exports, typed (the project's lib settings, ES2022 + node, do not declare WebAssembly). */
export interface GramSweepExports {
  sweep: (p: number, l1: number) => void;
  addRow: (p: number, j: number, delta: number) => void;
  descend: (p: number, l1: number, maxIter: number, tol: number, yNorm2: number) => number;
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
}
