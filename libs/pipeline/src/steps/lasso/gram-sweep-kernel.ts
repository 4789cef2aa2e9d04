/**
 * The WebAssembly kernel of the Gram-form LASSO coordinate descent: one whole
 * cyclic sweep over the coordinates (`sweep`) and the row update h += delta G[j, :]
 * (`addRow`), with h updated two lanes at a time (f64x2). Every floating-point
 * operation is the one the scalar sweep (gram-space.ts, `scalarSweep`) does, in the
 * same order: WebAssembly has no fused multiply-add and rounds every f64 operation
 * as JavaScript does, so the two give the same bits.
 *
 * `descend` runs the sweeps of one alpha and the duality-gap checks between them
 * (coordinate-descent.ts, `lassoCoordinateDescentGram`) in one call; `sweepPair` and
 * `descendPair` do the same for two folds at once, interleaved (gram-fold-pairs.ts). The module is
 * built for one p (`gramSweepModule`): the sweep's row updates are unrolled for it.
 *
 * Memory (f64, p the number of columns), one slot per fold (gramLayout; a GramSpace has one, the
 * CV path's fold pairs two): G (p x p, row-major) at the slot's start, then h = G w,
 * w and X'y (p each), then [max_j |w_j|, max_j |change of w_j|] of the last sweep,
 * the last duality gap and the sweeps done, then a block's scratch list, then a row of zeros.
 * Reference: scikit-learn 1.2 sklearn/linear_model/_cd_fast.pyx, `enet_coordinate_descent_gram`.
 */
import { LocalScope, type ValType, type WasmFunction, addTo, assembleModule, wasmOp as op } from '@radsweep/core';

/** Locals of one type, named, in order: their indices. */
function locals(scope: LocalScope, type: ValType, names: string[]): number[] {
  return names.map((name) => scope.add(name, type));
}

/** Byte addresses of the memory's parts for p columns, from the start of a fold's slot; `bytes` is a slot's size (a multiple of 16). */
export function gramLayout(p: number) {
  const h = p * p * 8;
  const w = h + p * 8;
  const xty = w + p * 8;
  const stats = xty + p * 8;
  // then the scratch list of a block's changes (f64) and rows (i32 byte addresses), then a row of zeros (never
  // written; the sweep's stand-in row for a block's missing changes, read up to SWEEP_BLOCK columns past p)
  const zeroRow = stats + STATS_BYTES + 12 * SWEEP_BLOCK;
  return { h, w, xty, stats, zeroRow, bytes: Math.ceil((zeroRow + 8 * (p + SWEEP_BLOCK)) / 16) * 16 };
}

/** [max |w_j|, max |change|, duality gap] (f64), then the sweeps done at the current alpha (i32 at GRAM_SWEEPS_AT). */
const STATS_BYTES = 32;
/** Byte offset of the sweep count from the stats. */
export const GRAM_SWEEPS_AT = 24;

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

/** addRow(p, j, delta, base): h += delta * G[j, :] in the fold at byte `base`. */
function addRowFunction(): WasmFunction {
  const [p, j, delta, base, src, dst, pairs, v] = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    name: 'addRow',
    params: [['p', 'i32'], ['j', 'i32'], ['delta', 'f64'], ['base', 'i32']],
    results: [],
    locals: [['src', 'i32'], ['dst', 'i32'], ['pairs', 'i32'], ['v', 'v128']],
    body: [
      [...op.get(j), ...op.get(p), ...op.i32Mul, ...op.i32(3), ...op.i32Shl, ...op.get(base), ...op.i32Add, ...op.set(src)],
      [...op.get(p), ...op.get(p), ...op.i32Mul, ...op.i32(3), ...op.i32Shl, ...op.get(base), ...op.i32Add, ...op.set(dst)],
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

const PAIR_MODE = (process.env.PAIR_MODE ?? 'block') as 'block' | 'coordinate';

/** Folds a sweep function works on at once: one, or two interleaved (`sweepPair`). */
type Lanes = 1 | 2;

/** The locals of one fold's sweep (a lane): its addresses (slot base, row of G, h, w, X'y, scratch, row of zeros) and its chain. */
interface SweepLane {
  l1: number;
  base: number;
  row: number;
  hB: number;
  wB: number;
  xB: number;
  m: number;
  scratch: number;
  mPrev: number;
  zeroRow: number;
  qjj: number;
  old: number;
  z: number;
  mag: number;
  wj: number;
  delta: number;
  wMax: number;
  dwMax: number;
  rows: number[];
  d: number[];
  v: number[];
  hb: number[];
}

function sweepLane(L: LocalScope, l1: number, base: number, tag: string): SweepLane {
  const B = SWEEP_BLOCK;
  const named = (names: string[]) => names.map((n) => `${n}${tag}`);
  const [row, hB, wB, xB, m, scratch, mPrev, zeroRow] = locals(L, 'i32', named(['row', 'hB', 'wB', 'xB', 'm', 'scratch', 'mPrev', 'zeroRow']));
  const [qjj, old, z, mag, wj, delta, wMax, dwMax] = locals(L, 'f64', named(['qjj', 'old', 'z', 'mag', 'wj', 'delta', 'wMax', 'dwMax']));
  const numbered = (name: string) => Array.from({ length: B }, (_, b) => `${name}${b}${tag}`);
  const rows = locals(L, 'i32', numbered('row'));
  const d = locals(L, 'f64', numbered('d'));
  const v = locals(L, 'v128', numbered('v'));
  const hb = locals(L, 'f64', numbered('h'));
  return { l1, base, row, hB, wB, xB, m, scratch, mPrev, zeroRow, qjj, old, z, mag, wj, delta, wMax, dwMax, rows, d, v, hb };
}

/**
 * sweep(p, l1, base) for the p the module was built for, on the fold whose memory (gramLayout) starts at byte
 * `base`: for j = 0 .. p-1 with G[j, j] != 0:
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
 * when the sweep ends. Each h_k still receives the same products in the same order of j
 * as in the scalar sweep (block i's changes, in order, before block i + 1's), so the
 * bits are the same.
 *
 * sweepPair(p, l1A, l1B, baseA, baseB) (lanes = 2) does the sweeps of two folds (two independent serial
 * chains) interleaved coordinate by coordinate, so the CPU runs one chain while the other waits; each fold's
 * operations are the single sweep's, in its order. A block's version is the one for the larger count of the
 * two folds' previous changes (the other fold's extra rows are zero changes on its row of zeros).
 */
function sweepFunction(P: number, lanes: Lanes): WasmFunction {
  const B = SWEEP_BLOCK;
  const at0 = gramLayout(P);
  const p = 0;
  const params: [string, ValType][] = [['p', 'i32']];
  const tags = lanes === 1 ? [''] : ['A', 'B'];
  for (const t of tags) params.push([`l1${t}`, 'f64']);
  for (const t of tags) params.push([`base${t}`, 'i32']);
  const L = new LocalScope(params);
  const [j8, rowBytes, j0, mMax] = locals(L, 'i32', ['j8', 'rowBytes', 'j0', 'mMax']);
  const ls = tags.map((t, i) => sweepLane(L, 1 + i, 1 + lanes + i, t));
  const zero = op.f64(0);
  const pairs = P >> 1;

  // The previous block's changes (scratch: B f64 changes, then B i32 row addresses) into d, v and rows.
  const loadPrevious = (l: SweepLane): number[] => {
    const code: number[] = [];
    for (let b = 0; b < B; b++) {
      code.push(...op.get(l.scratch), ...op.f64Load(8 * b), ...op.tee(l.d[b]), ...op.f64x2Splat, ...op.set(l.v[b]));
      code.push(...op.get(l.scratch), ...op.i32Load(8 * B + 4 * b), ...op.set(l.rows[b]));
    }
    return code;
  };

  // The next block's list starts as B changes of 0 on the row of zeros: a block with fewer non-zero changes hands
  // on zeros after them, and h + (+0 * +0) = h (h is never -0: it starts at +0 and a sum is -0 only if both
  // terms are), so a version of the block for more changes (VERSION_ROWS) applies them too.
  const clearScratch = (l: SweepLane): number[] => {
    const code: number[] = [];
    for (let b = 0; b < B; b++) {
      code.push(...op.get(l.scratch), ...zero, ...op.f64Store(8 * b));
      code.push(...op.get(l.scratch), ...op.get(l.zeroRow), ...op.i32Store(8 * B + 4 * b));
    }
    return code;
  };

  /** The block's own h (j0 .. j0 + size - 1) into the locals hb, with the previous block's `count` changes added in order. */
  const head = (l: SweepLane, count: number, size: number): number[] =>
    l.hb.slice(0, size).flatMap((h, c) => {
      const code = [...at(l.hB, j0), ...op.f64Load(8 * c), ...op.set(h)];
      for (let b = 0; b < count; b++) code.push(...op.get(h), ...op.get(l.d[b]), ...at(l.rows[b], j0), ...op.f64Load(8 * c), ...op.f64Mul, ...op.f64Add, ...op.set(h));
      return code;
    });

  /** h[k] in memory gets the previous block's `count` changes in order, for the pairs [from, to) (and the odd last element if `last`). */
  const chunk = (l: SweepLane, count: number, from: number, to: number, last: boolean): number[] => {
    const code: number[] = [];
    for (let k = from; k < to; k++) {
      code.push(...op.get(l.base), ...op.get(l.base), ...op.v128Load(at0.h + 16 * k));
      for (let b = 0; b < count; b++) code.push(...op.get(l.v[b]), ...op.get(l.rows[b]), ...op.v128Load(16 * k), ...op.f64x2Mul, ...op.f64x2Add);
      code.push(...op.v128Store(at0.h + 16 * k));
    }
    if (last && P % 2 === 1) {
      const k = P - 1;
      code.push(...op.get(l.base), ...op.get(l.base), ...op.f64Load(at0.h + 8 * k));
      for (let b = 0; b < count; b++) code.push(...op.get(l.d[b]), ...op.get(l.rows[b]), ...op.f64Load(8 * k), ...op.f64Mul, ...op.f64Add);
      code.push(...op.f64Store(at0.h + 8 * k));
    }
    return code;
  };

  // Coordinate j = j0 + b of the block (bytes j8) of one lane. h_j0 .. h_(j0+B-1) are in the locals hb while the
  // block runs; a change adds to all of them at once (columns past p compute unused values).
  const coordinate = (l: SweepLane, b: number, size: number) =>
    op.block(
      // G[j, j]; a zero column is skipped (as `continue`).
      [...at(l.row, j8), ...op.f64Load(), ...op.tee(l.qjj), ...zero, ...op.f64Eq, ...op.brIf(0)],
      [...at(l.wB, j8), ...op.f64Load(), ...op.set(l.old)],
      [...at(l.xB, j8), ...op.f64Load(), ...op.get(l.hb[b]), ...op.f64Sub, ...op.get(l.old), ...op.get(l.qjj), ...op.f64Mul, ...op.f64Add, ...op.tee(l.z)],
      [...op.f64Abs, ...op.get(l.l1), ...op.f64Sub, ...op.set(l.mag)],
      // select(a, b, c) = c ? a : b. wj = mag > 0 ? (sign(z) mag) / G[j, j] : 0 (sign as Math.sign); where
      // it counts (mag > 0, so z != 0) sign(z) mag is exactly z < 0 ? -mag : mag, one negation off the chain's
      // path instead of a multiplication on it.
      [...op.get(l.mag), ...op.f64Neg, ...op.get(l.mag), ...op.get(l.z), ...zero, ...op.f64Lt, ...op.select],
      [...op.get(l.qjj), ...op.f64Div, ...zero, ...op.get(l.mag), ...zero, ...op.f64Gt, ...op.select, ...op.set(l.wj)],
      [...at(l.wB, j8), ...op.get(l.wj), ...op.f64Store()],
      [...op.get(l.wj), ...op.get(l.old), ...op.f64Sub, ...op.tee(l.delta), ...zero, ...op.f64Ne],
      op.ifThen(
        // h_k += d_j G[j, k] for the block's later coordinates; record (d_j, row j).
        ...l.hb.slice(b + 1, size).map((h, i) => [...op.get(h), ...op.get(l.delta), ...at(l.row, j8), ...op.f64Load(8 * (1 + i)), ...op.f64Mul, ...op.f64Add, ...op.set(h)]),
        [...op.get(l.scratch), ...op.get(l.m), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.get(l.delta), ...op.f64Store()],
        [...op.get(l.scratch), ...op.get(l.m), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.get(l.row), ...op.i32Store(8 * B)],
        addTo(l.m, 1),
      ),
      [...op.get(l.dwMax), ...op.get(l.delta), ...op.f64Abs, ...op.f64Max, ...op.set(l.dwMax)],
      [...op.get(l.wMax), ...op.get(l.wj), ...op.f64Abs, ...op.f64Max, ...op.set(l.wMax)],
    );
  // Next coordinate: j and the lanes' rows of G.
  const advance = (lanes: SweepLane[]) => [...addTo(j8, 8), ...lanes.flatMap((l) => [...op.get(l.row), ...op.get(rowBytes), ...op.i32Add, ...op.set(l.row)])];

  /** A block of `size` coordinates at j0 = j8 of the lanes, in one version per count of the previous block's changes (0 .. B; the larger of the lanes'). */
  const blockCode = (size: number, bl: SweepLane[]): number[] => {
    const code: number[] = [...op.get(j8), ...op.set(j0)];
    for (const l of bl) append(code, [...op.get(l.m), ...op.set(l.mPrev), ...op.i32(0), ...op.set(l.m), ...loadPrevious(l), ...clearScratch(l)]);
    if (bl.length === 1) append(code, [...op.get(bl[0].mPrev), ...op.set(mMax)]);
    else append(code, [...op.get(bl[0].mPrev), ...op.get(bl[1].mPrev), ...op.get(bl[0].mPrev), ...op.get(bl[1].mPrev), ...op.i32GtU, ...op.select, ...op.set(mMax)]);
    // The version for `rows` changes (0 or a count of VERSION_ROWS): the previous block's first `rows` entries.
    const version = (rows: number) => {
      const body: number[] = [];
      for (const l of bl) append(body, head(l, rows, size));
      for (let c = 0; c < size; c++) {
        for (const l of bl) append(body, coordinate(l, c, size));
        append(body, advance(bl));
        if (rows > 0) for (const l of bl) append(body, chunk(l, rows, Math.floor((c * pairs) / size), Math.floor(((c + 1) * pairs) / size), c === size - 1));
      }
      return body;
    };
    // if mMax = 0 .. else if mMax <= VERSION_ROWS[0] .. else the last (B rows), nested.
    let chain = version(VERSION_ROWS[VERSION_ROWS.length - 1]);
    for (let v = VERSION_ROWS.length - 2; v >= 0; v--) chain = [...op.get(mMax), ...op.i32(VERSION_ROWS[v] + 1), ...op.i32LtS, ...op.ifElse(version(VERSION_ROWS[v]), chain)];
    append(code, [...op.get(mMax), ...op.i32Eqz]);
    append(code, op.ifElse(version(0), chain));
    return code;
  };
  // Two lanes: interleaved coordinate by coordinate, or (PAIR_MODE 'block') lane A's block then lane B's on the same j.
  const pairBlock = (size: number): number[] => {
    if (ls.length === 1 || PAIR_MODE === 'coordinate') return blockCode(size, ls);
    return [...blockCode(size, [ls[0]]), ...op.get(j0), ...op.set(j8), ...blockCode(size, [ls[1]])];
  };
  const fullBlocks = Math.floor(P / B);
  const body: number[][] = [[...op.get(p), ...op.i32(3), ...op.i32Shl, ...op.set(rowBytes)]];
  for (const l of ls) {
    body.push(
      [...op.get(l.base), ...op.set(l.row), ...op.get(l.base), ...op.i32(at0.h), ...op.i32Add, ...op.set(l.hB)],
      [...op.get(l.hB), ...op.get(rowBytes), ...op.i32Add, ...op.tee(l.wB), ...op.get(rowBytes), ...op.i32Add, ...op.set(l.xB)],
      [...op.get(l.base), ...op.i32(at0.stats + STATS_BYTES), ...op.i32Add, ...op.set(l.scratch)],
      [...op.get(l.base), ...op.i32(at0.zeroRow), ...op.i32Add, ...op.set(l.zeroRow)],
    );
  }
  body.push(fullBlocks > 0 ? op.loop(pairBlock(B), [...op.get(j8), ...op.i32(8 * B * fullBlocks), ...op.i32Ne, ...op.brIf(0)]) : [], P % B > 0 ? pairBlock(P % B) : []);
  for (const l of ls) {
    // The sweep's end: the last block's changes to all of h; the lane's largest |w_j| and |change|.
    body.push([...op.get(l.m), ...op.ifThen(loadPrevious(l), chunk(l, B, 0, pairs, true))]);
    body.push([...at(l.xB, rowBytes), ...op.get(l.wMax), ...op.f64Store(0)], [...at(l.xB, rowBytes), ...op.get(l.dwMax), ...op.f64Store(8)]);
  }
  return { name: lanes === 1 ? 'sweep' : 'sweepPair', params, results: [], locals: L.locals, body: body.flat() };
}

/**
 * descend(p, l1, maxIter, tol, yNorm2, base) -> sweeps: the sweep (function `sweepIndex`) until the
 * duality gap is below tol * yNorm2 or maxIter sweeps are done; the gap is checked
 * after a sweep when max |w_j| = 0, max |change| / max |w_j| < tol or it was the
 * last sweep. The count of sweeps starts from the one in memory (0 for a new alpha; see `GRAM_SWEEPS_AT`)
 * and the gap from the one in memory (tol * yNorm2 + 1 for a new alpha). The gap, as `dualityGap` in
 * coordinate-descent.ts with the same sums in the same order (its loops fused; each sum still runs over j in order):
 * r2 = (yNorm2 + w'h) - 2 w'X'y, dual norm N = max_j |X'y_j - h_j| (a > N, NaN
 * ignored), s = 1 and gap = r2, or if N > l1: s = l1 / N and gap = 0.5 (r2 + (r2 s) s);
 * then gap = (gap + l1 ||w||_1) - s (yNorm2 - w'X'y). The count and the last gap go to memory.
 *
 * descendPair(p, l1A, l1B, maxIter, tol, yNorm2A, yNorm2B, baseA, baseB) -> done: the same for two folds
 * in lockstep on sweepPair, each with its own count, checks and gap, until either is done (its gap below
 * its tolerance, or maxIter sweeps): returns 1 if fold A is done, + 2 if fold B is. The other fold stops
 * mid-alpha, its count and gap in memory; a later call continues it where it stopped.
 */
function descendFunction(P: number, lanes: Lanes, sweepIndex: number): WasmFunction {
  const at0 = gramLayout(P);
  const tags = lanes === 1 ? [''] : ['A', 'B'];
  const p = 0;
  const params: [string, ValType][] = [['p', 'i32'], ...tags.map((t): [string, ValType] => [`l1${t}`, 'f64']), ['maxIter', 'i32'], ['tol', 'f64']];
  for (const t of tags) params.push([`yNorm2${t}`, 'f64']);
  for (const t of tags) params.push([`base${t}`, 'i32']);
  const maxIter = 1 + lanes;
  const tol = maxIter + 1;
  const L = new LocalScope(params);
  const [j8, rowBytes, done] = locals(L, 'i32', ['j8', 'rowBytes', 'done']);
  const [wMax, qDotW, wDotH, dualNorm, wL1, a, wj, xj, hj, scale, r2] = locals(L, 'f64', ['wMax', 'qDotW', 'wDotH', 'dualNorm', 'wL1', 'a', 'wj', 'xj', 'hj', 'scale', 'r2']);
  const ls = tags.map((t, i) => {
    const [sweeps, hB, wB, xB, stats] = locals(L, 'i32', [`sweeps${t}`, `hB${t}`, `wB${t}`, `xB${t}`, `stats${t}`]);
    const [gapTol, gap] = locals(L, 'f64', [`gapTol${t}`, `gap${t}`]);
    return { bit: 1 << i, l1: 1 + i, yNorm2: tol + 1 + i, base: tol + 1 + lanes + i, sweeps, hB, wB, xB, stats, gapTol, gap };
  });
  type Lane = (typeof ls)[number];
  const zero = op.f64(0);
  const sums = (l: Lane) => [
    [...at(l.wB, j8), ...op.f64Load(), ...op.set(wj)],
    [...at(l.xB, j8), ...op.f64Load(), ...op.set(xj)],
    [...at(l.hB, j8), ...op.f64Load(), ...op.set(hj)],
    [...op.get(xj), ...op.get(hj), ...op.f64Sub, ...op.f64Abs, ...op.set(a)],
    [...op.get(a), ...op.get(dualNorm), ...op.get(a), ...op.get(dualNorm), ...op.f64Gt, ...op.select, ...op.set(dualNorm)],
    [...op.get(qDotW), ...op.get(wj), ...op.get(xj), ...op.f64Mul, ...op.f64Add, ...op.set(qDotW)],
    [...op.get(wDotH), ...op.get(wj), ...op.get(hj), ...op.f64Mul, ...op.f64Add, ...op.set(wDotH)],
    [...op.get(wL1), ...op.get(wj), ...op.f64Abs, ...op.f64Add, ...op.set(wL1)],
  ];
  // After a sweep: count it; if a gap check is due, the gap, and the lane is done when it is below its tolerance.
  const check = (l: Lane) => [
    ...addTo(l.sweeps, 1),
    ...op.block(
      // Not due for a gap check: on.
      [...op.get(l.stats), ...op.f64Load(0), ...op.tee(wMax), ...zero, ...op.f64Eq],
      [...op.get(l.stats), ...op.f64Load(8), ...op.get(wMax), ...op.f64Div, ...op.get(tol), ...op.f64Lt, ...op.i32Or],
      [...op.get(l.sweeps), ...op.get(maxIter), ...op.i32Eq, ...op.i32Or, ...op.i32Eqz, ...op.brIf(0)],
      [...zero, ...op.tee(qDotW), ...op.tee(wDotH), ...op.tee(dualNorm), ...op.set(wL1), ...op.i32(0), ...op.set(j8)],
      op.block(op.loop([...op.get(j8), ...op.get(rowBytes), ...op.i32Eq, ...op.brIf(1)], ...sums(l), addTo(j8, 8), op.br(0))),
      [...op.get(l.yNorm2), ...op.get(wDotH), ...op.f64Add, ...op.f64(2), ...op.get(qDotW), ...op.f64Mul, ...op.f64Sub, ...op.tee(r2), ...op.set(l.gap), ...op.f64(1), ...op.set(scale)],
      [...op.get(dualNorm), ...op.get(l.l1), ...op.f64Gt],
      op.ifThen(
        [...op.get(l.l1), ...op.get(dualNorm), ...op.f64Div, ...op.set(scale)],
        [...op.f64(0.5), ...op.get(r2), ...op.get(r2), ...op.get(scale), ...op.f64Mul, ...op.get(scale), ...op.f64Mul, ...op.f64Add, ...op.f64Mul, ...op.set(l.gap)],
      ),
      [...op.get(l.gap), ...op.get(l.l1), ...op.get(wL1), ...op.f64Mul, ...op.f64Add, ...op.get(scale), ...op.get(l.yNorm2), ...op.get(qDotW), ...op.f64Sub, ...op.f64Mul, ...op.f64Sub, ...op.set(l.gap)],
      [...op.get(l.gap), ...op.get(l.gapTol), ...op.f64Lt, ...op.ifThen([...op.get(done), ...op.i32(l.bit), ...op.i32Or, ...op.set(done)])],
    ),
  ];
  const body: number[][] = [[...op.get(p), ...op.i32(3), ...op.i32Shl, ...op.set(rowBytes)]];
  for (const l of ls) {
    body.push(
      [...op.get(l.base), ...op.i32(at0.h), ...op.i32Add, ...op.set(l.hB)],
      [...op.get(l.hB), ...op.get(rowBytes), ...op.i32Add, ...op.tee(l.wB), ...op.get(rowBytes), ...op.i32Add, ...op.tee(l.xB), ...op.get(rowBytes), ...op.i32Add, ...op.set(l.stats)],
      [...op.get(tol), ...op.get(l.yNorm2), ...op.f64Mul, ...op.set(l.gapTol)],
      [...op.get(l.stats), ...op.i32Load(GRAM_SWEEPS_AT), ...op.set(l.sweeps), ...op.get(l.stats), ...op.f64Load(16), ...op.set(l.gap)],
    );
  }
  body.push(
    op.block(
      op.loop(
        // A lane with maxIter sweeps done is done (before sweeping: maxIter 0 sweeps none).
        ...ls.map((l) => [...op.get(l.sweeps), ...op.get(maxIter), ...op.i32GeS, ...op.ifThen([...op.get(done), ...op.i32(l.bit), ...op.i32Or, ...op.set(done)])]),
        [...op.get(done), ...op.brIf(1)],
        [...op.get(p), ...ls.flatMap((l) => op.get(l.l1)), ...ls.flatMap((l) => op.get(l.base)), ...op.call(sweepIndex)],
        ...ls.map(check),
        [...op.get(done), ...op.brIf(1)],
        op.br(0),
      ),
    ),
  );
  for (const l of ls) body.push([...op.get(l.stats), ...op.get(l.sweeps), ...op.i32Store(GRAM_SWEEPS_AT), ...op.get(l.stats), ...op.get(l.gap), ...op.f64Store(16)]);
  body.push(op.get(done));
  return { name: lanes === 1 ? 'descend' : 'descendPair', params, results: ['i32'], locals: L.locals, body: body.flat() };
}

const modules = new Map<number, Uint8Array>();

/** The module's bytes for p columns (built once per p): exports "sweep" (function 0), "sweepPair" (1), "addRow", "descend", "descendPair" and "mem". */
export function gramSweepModule(p: number): Uint8Array {
  let bytes = modules.get(p);
  if (!bytes) {
    bytes = assembleModule([sweepFunction(p, 1), sweepFunction(p, 2), addRowFunction(), descendFunction(p, 1, 0), descendFunction(p, 2, 1)]);
    modules.set(p, bytes);
  }
  return bytes;
}

/** The exports, typed (the project's lib settings, ES2022 + node, do not declare WebAssembly). */
export interface GramSweepExports {
  sweep: (p: number, l1: number, base: number) => void;
  sweepPair: (p: number, l1A: number, l1B: number, baseA: number, baseB: number) => void;
  addRow: (p: number, j: number, delta: number, base: number) => void;
  /** Returns 1 when the fold is done (see `descendFunction`). */
  descend: (p: number, l1: number, maxIter: number, tol: number, yNorm2: number, base: number) => number;
  /** Returns 1 if fold A is done, + 2 if fold B is. */
  descendPair: (p: number, l1A: number, l1B: number, maxIter: number, tol: number, yNorm2A: number, yNorm2B: number, baseA: number, baseB: number) => number;
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
}
