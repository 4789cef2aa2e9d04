/**
 * The WebAssembly kernel of the Gram-form LASSO coordinate descent: one whole
 * cyclic sweep over the coordinates (`sweep`) and the row update h += delta G[j, :]
 * (`addRow`), with h updated two lanes at a time (f64x2). Every floating-point
 * operation is the one the scalar sweep (gram-space.ts, `scalarSweep`) does, in the
 * same order: WebAssembly has no fused multiply-add and rounds every f64 operation
 * as JavaScript does, so the two give the same bits.
 *
 * `descend` runs the sweeps of one alpha and the duality-gap checks between them
 * (coordinate-descent.ts, `lassoCoordinateDescentGram`) in one call. The module is
 * built for one p (`gramSweepModule`): the sweep's row updates are unrolled for it.
 *
 * Memory (f64, p the number of columns): G (p x p, row-major) at 0, then h = G w,
 * w and X'y (p each), then [max_j |w_j|, max_j |change of w_j|] of the last sweep
 * and the last duality gap, then a block's scratch list, then a row of zeros.
 * Reference: scikit-learn 1.2 sklearn/linear_model/_cd_fast.pyx, `enet_coordinate_descent_gram`.
 */
import { LocalScope, type ValType, type WasmFunction, addTo, assembleModule, wasmOp as op } from '@radsweep/core';

/** Locals of one type, named, in order: their indices. */
function locals(scope: LocalScope, type: ValType, names: string[]): number[] {
  return names.map((name) => scope.add(name, type));
}

/** Byte addresses of the memory's parts for p columns. */
export function gramLayout(p: number) {
  const h = p * p * 8;
  const w = h + p * 8;
  const xty = w + p * 8;
  const stats = xty + p * 8;
  // then the scratch list of a block's changes (f64) and rows (i32 byte addresses), then a row of zeros (never
  // written; the sweep's stand-in row for a block's missing changes, read up to SWEEP_BLOCK columns past p)
  const zeroRow = stats + STATS_BYTES + 12 * SWEEP_BLOCK;
  return { h, w, xty, stats, zeroRow, bytes: zeroRow + 8 * (p + SWEEP_BLOCK) };
}

/** Sets the locals to gramLayout's byte addresses from the local p: a row of G (p * 8), h, w and X'y. */
function layoutAddresses(p: number, to: { rowBytes: number; h: number; w: number; xty: number }): number[] {
  return [
    ...op.get(p), ...op.i32(3), ...op.i32Shl, ...op.set(to.rowBytes),
    ...op.get(p), ...op.get(to.rowBytes), ...op.i32Mul, ...op.set(to.h),
    ...op.get(to.h), ...op.get(to.rowBytes), ...op.i32Add, ...op.set(to.w),
    ...op.get(to.w), ...op.get(to.rowBytes), ...op.i32Add, ...op.set(to.xty),
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
  return [...op.get(l.dst), ...op.get(l.dst), ...op.v128Load(off), ...op.get(l.v), ...op.get(l.src), ...op.v128Load(off), ...op.f64x2Mul, ...op.f64x2Add, ...op.v128Store(off)];
}

/**
 * h[k] = h[k] + delta * G[j, k] for k < p: one pair if p >> 1 is odd, then two pairs
 * per loop turn, then the odd last element (src and dst have reached it) in scalar f64.
 */
function rowUpdate(l: RowUpdateLocals): number[] {
  return [
    ...op.get(l.delta), ...op.f64x2Splat, ...op.set(l.v),
    ...op.get(l.p), ...op.i32(1), ...op.i32ShrU, ...op.set(l.pairs),
    ...op.block(
      [...op.get(l.pairs), ...op.i32(1), ...op.i32And],
      op.ifThen(pairUpdate(l, 0), addTo(l.src, 16), addTo(l.dst, 16)),
      [...op.get(l.pairs), ...op.i32(1), ...op.i32ShrU, ...op.tee(l.pairs), ...op.i32Eqz, ...op.brIf(0)],
      op.loop(pairUpdate(l, 0), pairUpdate(l, 16), addTo(l.src, 32), addTo(l.dst, 32), [...op.get(l.pairs), ...op.i32(1), ...op.i32Sub, ...op.tee(l.pairs), ...op.brIf(0)]),
    ),
    ...op.get(l.p), ...op.i32(1), ...op.i32And,
    ...op.ifThen([...op.get(l.dst), ...op.get(l.dst), ...op.f64Load(), ...op.get(l.delta), ...op.get(l.src), ...op.f64Load(), ...op.f64Mul, ...op.f64Add, ...op.f64Store()]),
  ];
}

/** out += code, in place (a spread push of a long body is slow). */
function append(out: number[], code: number[]): void {
  for (let i = 0; i < code.length; i++) out.push(code[i]);
}

/** i32 byte address: local a + local b. */
const at = (a: number, b: number) => [...op.get(a), ...op.get(b), ...op.i32Add];

/** addRow(p, j, delta): h += delta * G[j, :]. */
function addRowFunction(): WasmFunction {
  const [p, j, delta, src, dst, pairs, v] = [0, 1, 2, 3, 4, 5, 6];
  return {
    name: 'addRow',
    params: [['p', 'i32'], ['j', 'i32'], ['delta', 'f64']],
    results: [],
    locals: [['src', 'i32'], ['dst', 'i32'], ['pairs', 'i32'], ['v', 'v128']],
    body: [
      [...op.get(j), ...op.get(p), ...op.i32Mul, ...op.i32(3), ...op.i32Shl, ...op.set(src)],
      [...op.get(p), ...op.get(p), ...op.i32Mul, ...op.i32(3), ...op.i32Shl, ...op.set(dst)],
      rowUpdate({ p, delta, src, dst, pairs, v }),
    ].flat(),
  };
}

/**
 * Rows of the previous block's changes that a version of the block applies (the last is SWEEP_BLOCK): a block
 * with c changes runs the first version with at least c rows, the rest being zeros on the row of zeros. Fewer
 * versions make a smaller module (built and compiled once per p); more waste less work on blocks with few changes.
 */
const VERSION_ROWS = [1, 2, 4];

/** Coordinates per block of the sweep (see `sweepFunction`). */
export const SWEEP_BLOCK = 4;

/**
 * sweep(p, l1) for the p the module was built for: for j = 0 .. p-1 with G[j, j] != 0:
 * z = (X'y_j - h_j) + w_j G[j, j], w_j = (sign(z) (|z| - l1)) / G[j, j] if |z| - l1 > 0
 * else 0 (sign as Math.sign), and if the change d_j = new w_j - old w_j is not 0,
 * h_k = h_k + d_j G[j, k] for all k; the largest |w_j| and |d_j| (f64.max, as Math.max)
 * are stored after X'y.
 * The coordinates go in blocks of SWEEP_BLOCK (the code of a block is unrolled). A
 * block works on its own h_k in locals, each change added to all of them at once:
 * coordinate j + 1 reads h_(j+1), the serial chain z -> |z| - l1 -> division ->
 * change -> next h. The block's non-zero changes reach h in memory (all of it, the
 * block's own h_k too) while the next block runs (software pipelining): that block
 * first adds them to its own h_k in locals (its head), then to h in memory in
 * SWEEP_BLOCK chunks, one after each of its coordinates, so that the CPU has these
 * independent updates to do while the chain waits. p is a constant of the module, so
 * the chunks are unrolled with constant offsets. The last block's changes reach h
 * when the sweep ends. Each h_k receives the same products in the same order of j
 * as in the scalar sweep (block i's changes, in order, before block i + 1's), so the
 * bits are the same.
 */
function sweepFunction(P: number): WasmFunction {
  const B = SWEEP_BLOCK;
  const at0 = gramLayout(P);
  const scratchAt = at0.stats + STATS_BYTES;
  const [p, l1] = [0, 1];
  const params: [string, ValType][] = [['p', 'i32'], ['l1', 'f64']];
  const L = new LocalScope(params);
  const [j8, row, hB, wB, xB, rowBytes, j0, m, scratch, mPrev] = locals(L, 'i32', ['j8', 'row', 'hB', 'wB', 'xB', 'rowBytes', 'j0', 'm', 'scratch', 'mPrev']);
  const [qjj, old, z, mag, wj, delta, wMax, dwMax] = locals(L, 'f64', ['qjj', 'old', 'z', 'mag', 'wj', 'delta', 'wMax', 'dwMax']);
  const numbered = (name: string) => Array.from({ length: B }, (_, b) => `${name}${b}`);
  const rows = locals(L, 'i32', numbered('row'));
  const d = locals(L, 'f64', numbered('d'));
  const v = locals(L, 'v128', numbered('v'));
  const hb = locals(L, 'f64', numbered('h'));
  const zero = op.f64(0);
  const pairs = P >> 1;

  // The previous block's changes (scratch: B f64 changes, then B i32 row addresses) into d, v and rows.
  const loadPrevious: number[] = [];
  for (let b = 0; b < B; b++) {
    loadPrevious.push(...op.get(scratch), ...op.f64Load(8 * b), ...op.tee(d[b]), ...op.f64x2Splat, ...op.set(v[b]));
    loadPrevious.push(...op.get(scratch), ...op.i32Load(8 * B + 4 * b), ...op.set(rows[b]));
  }

  // The next block's list starts as B changes of 0 on the row of zeros: a block with fewer non-zero changes hands
  // on zeros after them, and h + (+0 * +0) = h (h is never -0: it starts at +0 and a sum is -0 only if both
  // terms are), so a version of the block for more changes (VERSION_ROWS) applies them too.
  const clearScratch: number[] = [];
  for (let b = 0; b < B; b++) {
    clearScratch.push(...op.get(scratch), ...zero, ...op.f64Store(8 * b));
    clearScratch.push(...op.get(scratch), ...op.i32(at0.zeroRow), ...op.i32Store(8 * B + 4 * b));
  }

  /** The block's own h (j0 .. j0 + size - 1) into the locals hb, with the previous block's `count` changes added in order. */
  const head = (count: number, size: number): number[] =>
    hb.slice(0, size).flatMap((h, c) => {
      const code = [...at(hB, j0), ...op.f64Load(8 * c), ...op.set(h)];
      for (let b = 0; b < count; b++) code.push(...op.get(h), ...op.get(d[b]), ...at(rows[b], j0), ...op.f64Load(8 * c), ...op.f64Mul, ...op.f64Add, ...op.set(h));
      return code;
    });

  /** h[k] in memory gets the previous block's `count` changes in order, for the pairs [from, to) (and the odd last element if `last`). */
  const chunk = (count: number, from: number, to: number, last: boolean): number[] => {
    const code: number[] = [];
    for (let k = from; k < to; k++) {
      code.push(...op.i32(0), ...op.i32(0), ...op.v128Load(at0.h + 16 * k));
      for (let b = 0; b < count; b++) code.push(...op.get(v[b]), ...op.get(rows[b]), ...op.v128Load(16 * k), ...op.f64x2Mul, ...op.f64x2Add);
      code.push(...op.v128Store(at0.h + 16 * k));
    }
    if (last && P % 2 === 1) {
      const k = P - 1;
      code.push(...op.i32(0), ...op.i32(0), ...op.f64Load(at0.h + 8 * k));
      for (let b = 0; b < count; b++) code.push(...op.get(d[b]), ...op.get(rows[b]), ...op.f64Load(8 * k), ...op.f64Mul, ...op.f64Add);
      code.push(...op.f64Store(at0.h + 8 * k));
    }
    return code;
  };

  // Coordinate j = j0 + b of the block (bytes j8). h_j0 .. h_(j0+B-1) are in the locals hb while the
  // block runs; a change adds to all of them at once (columns past p compute unused values).
  const coordinate = (b: number, size: number) => [
    ...op.block(
      // G[j, j]; a zero column is skipped (as `continue`).
      [...at(row, j8), ...op.f64Load(), ...op.tee(qjj), ...zero, ...op.f64Eq, ...op.brIf(0)],
      [...at(wB, j8), ...op.f64Load(), ...op.set(old)],
      [...at(xB, j8), ...op.f64Load(), ...op.get(hb[b]), ...op.f64Sub, ...op.get(old), ...op.get(qjj), ...op.f64Mul, ...op.f64Add, ...op.tee(z)],
      [...op.f64Abs, ...op.get(l1), ...op.f64Sub, ...op.set(mag)],
      // select(a, b, c) = c ? a : b. wj = mag > 0 ? (sign(z) mag) / G[j, j] : 0 (sign as Math.sign); where
      // it counts (mag > 0, so z != 0) sign(z) mag is exactly z < 0 ? -mag : mag, one negation off the chain's
      // path instead of a multiplication on it.
      [...op.get(mag), ...op.f64Neg, ...op.get(mag), ...op.get(z), ...zero, ...op.f64Lt, ...op.select],
      [...op.get(qjj), ...op.f64Div, ...zero, ...op.get(mag), ...zero, ...op.f64Gt, ...op.select, ...op.set(wj)],
      [...at(wB, j8), ...op.get(wj), ...op.f64Store()],
      [...op.get(wj), ...op.get(old), ...op.f64Sub, ...op.tee(delta), ...zero, ...op.f64Ne],
      op.ifThen(
        // h_k += d_j G[j, k] for the block's later coordinates; record (d_j, row j).
        ...hb.slice(b + 1, size).map((h, i) => [...op.get(h), ...op.get(delta), ...at(row, j8), ...op.f64Load(8 * (1 + i)), ...op.f64Mul, ...op.f64Add, ...op.set(h)]),
        [...op.get(scratch), ...op.get(m), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.get(delta), ...op.f64Store()],
        [...op.get(scratch), ...op.get(m), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.get(row), ...op.i32Store(8 * B)],
        addTo(m, 1),
      ),
      [...op.get(dwMax), ...op.get(delta), ...op.f64Abs, ...op.f64Max, ...op.set(dwMax)],
      [...op.get(wMax), ...op.get(wj), ...op.f64Abs, ...op.f64Max, ...op.set(wMax)],
    ),
    ...addTo(j8, 8),
    ...op.get(row), ...op.get(rowBytes), ...op.i32Add, ...op.set(row),
  ];

  /** A block of `size` coordinates at j0 = j8, in one version per count of the previous block's changes (0 .. B). */
  const blockCode = (size: number): number[] => {
    const code: number[] = [...op.get(j8), ...op.set(j0), ...op.get(m), ...op.set(mPrev), ...op.i32(0), ...op.set(m), ...loadPrevious, ...clearScratch];
    // The version for `rows` changes (0 or a count of VERSION_ROWS): the previous block's first `rows` entries.
    const version = (rows: number) => {
      const body = head(rows, size);
      for (let c = 0; c < size; c++) {
        append(body, coordinate(c, size));
        if (rows > 0) append(body, chunk(rows, Math.floor((c * pairs) / size), Math.floor(((c + 1) * pairs) / size), c === size - 1));
      }
      return body;
    };
    // if mPrev = 0 .. else if mPrev <= VERSION_ROWS[0] .. else the last (B rows), nested.
    let chain = version(VERSION_ROWS[VERSION_ROWS.length - 1]);
    for (let v = VERSION_ROWS.length - 2; v >= 0; v--) chain = [...op.get(mPrev), ...op.i32(VERSION_ROWS[v] + 1), ...op.i32LtS, ...op.ifElse(version(VERSION_ROWS[v]), chain)];
    append(code, [...op.get(mPrev), ...op.i32Eqz]);
    append(code, op.ifElse(version(0), chain));
    return code;
  };
  // The sweep's end: the last block's changes to all of h.
  const flush = [...op.get(m), ...op.ifThen(loadPrevious, chunk(B, 0, pairs, true))];
  const fullBlocks = Math.floor(P / B);
  return {
    name: 'sweep',
    params,
    results: [],
    locals: L.locals,
    body: [
      layoutAddresses(p, { rowBytes, h: hB, w: wB, xty: xB }),
      [...op.i32(scratchAt), ...op.set(scratch)],
      fullBlocks > 0 ? op.loop(blockCode(B), [...op.get(j8), ...op.i32(8 * B * fullBlocks), ...op.i32Ne, ...op.brIf(0)]) : [],
      P % B > 0 ? blockCode(P % B) : [],
      flush,
      [...at(xB, rowBytes), ...op.get(wMax), ...op.f64Store(0)],
      [...at(xB, rowBytes), ...op.get(dwMax), ...op.f64Store(8)],
    ].flat(),
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
function descendFunction(): WasmFunction {
  const [p, l1, maxIter, tol, yNorm2] = [0, 1, 2, 3, 4];
  const params: [string, ValType][] = [['p', 'i32'], ['l1', 'f64'], ['maxIter', 'i32'], ['tol', 'f64'], ['yNorm2', 'f64']];
  const L = new LocalScope(params);
  const [sweeps, j8, hB, wB, xB, rowBytes, stats] = locals(L, 'i32', ['sweeps', 'j8', 'hB', 'wB', 'xB', 'rowBytes', 'stats']);
  const [gapTol, gap, wMax, qDotW, wDotH, dualNorm, wL1, a, wj, xj, hj, scale, r2] = locals(L, 'f64', ['gapTol', 'gap', 'wMax', 'qDotW', 'wDotH', 'dualNorm', 'wL1', 'a', 'wj', 'xj', 'hj', 'scale', 'r2']);
  const zero = op.f64(0);
  const sums = [
    [...at(wB, j8), ...op.f64Load(), ...op.set(wj)],
    [...at(xB, j8), ...op.f64Load(), ...op.set(xj)],
    [...at(hB, j8), ...op.f64Load(), ...op.set(hj)],
    [...op.get(xj), ...op.get(hj), ...op.f64Sub, ...op.f64Abs, ...op.set(a)],
    [...op.get(a), ...op.get(dualNorm), ...op.get(a), ...op.get(dualNorm), ...op.f64Gt, ...op.select, ...op.set(dualNorm)],
    [...op.get(qDotW), ...op.get(wj), ...op.get(xj), ...op.f64Mul, ...op.f64Add, ...op.set(qDotW)],
    [...op.get(wDotH), ...op.get(wj), ...op.get(hj), ...op.f64Mul, ...op.f64Add, ...op.set(wDotH)],
    [...op.get(wL1), ...op.get(wj), ...op.f64Abs, ...op.f64Add, ...op.set(wL1)],
  ];
  return {
    name: 'descend',
    params,
    results: ['i32'],
    locals: L.locals,
    body: [
      layoutAddresses(p, { rowBytes, h: hB, w: wB, xty: xB }),
      [...op.get(xB), ...op.get(rowBytes), ...op.i32Add, ...op.set(stats)],
      [...op.get(tol), ...op.get(yNorm2), ...op.f64Mul, ...op.tee(gapTol), ...op.f64(1), ...op.f64Add, ...op.set(gap)],
      op.block(
        op.loop(
          [...op.get(sweeps), ...op.get(maxIter), ...op.i32GeS, ...op.brIf(1)],
          [...op.get(p), ...op.get(l1), ...op.call(0)],
          addTo(sweeps, 1),
          // Not due for a gap check: next sweep.
          [...op.get(stats), ...op.f64Load(0), ...op.tee(wMax), ...zero, ...op.f64Eq],
          [...op.get(stats), ...op.f64Load(8), ...op.get(wMax), ...op.f64Div, ...op.get(tol), ...op.f64Lt, ...op.i32Or],
          [...op.get(sweeps), ...op.get(maxIter), ...op.i32Eq, ...op.i32Or, ...op.i32Eqz, ...op.brIf(0)],
          [...zero, ...op.tee(qDotW), ...op.tee(wDotH), ...op.tee(dualNorm), ...op.set(wL1), ...op.i32(0), ...op.set(j8)],
          op.block(op.loop([...op.get(j8), ...op.get(rowBytes), ...op.i32Eq, ...op.brIf(1)], ...sums, addTo(j8, 8), op.br(0))),
          [...op.get(yNorm2), ...op.get(wDotH), ...op.f64Add, ...op.f64(2), ...op.get(qDotW), ...op.f64Mul, ...op.f64Sub, ...op.tee(r2), ...op.set(gap), ...op.f64(1), ...op.set(scale)],
          [...op.get(dualNorm), ...op.get(l1), ...op.f64Gt],
          op.ifThen(
            [...op.get(l1), ...op.get(dualNorm), ...op.f64Div, ...op.set(scale)],
            [...op.f64(0.5), ...op.get(r2), ...op.get(r2), ...op.get(scale), ...op.f64Mul, ...op.get(scale), ...op.f64Mul, ...op.f64Add, ...op.f64Mul, ...op.set(gap)],
          ),
          [...op.get(gap), ...op.get(l1), ...op.get(wL1), ...op.f64Mul, ...op.f64Add, ...op.get(scale), ...op.get(yNorm2), ...op.get(qDotW), ...op.f64Sub, ...op.f64Mul, ...op.f64Sub, ...op.set(gap)],
          [...op.get(gap), ...op.get(gapTol), ...op.f64Lt, ...op.brIf(1)],
          op.br(0),
        ),
      ),
      [...op.get(stats), ...op.get(gap), ...op.f64Store(16)],
      op.get(sweeps),
    ].flat(),
  };
}

const modules = new Map<number, Uint8Array>();

/** The module's bytes for p columns (built once per p): exports "sweep" (function 0), "addRow", "descend" and "mem". */
export function gramSweepModule(p: number): Uint8Array {
  let bytes = modules.get(p);
  if (!bytes) {
    bytes = assembleModule([sweepFunction(p), addRowFunction(), descendFunction()]);
    modules.set(p, bytes);
  }
  return bytes;
}

/** The exports, typed (the project's lib settings, ES2022 + node, do not declare WebAssembly). */
export interface GramSweepExports {
  sweep: (p: number, l1: number) => void;
  addRow: (p: number, j: number, delta: number) => void;
  descend: (p: number, l1: number, maxIter: number, tol: number, yNorm2: number) => number;
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
}
