/**
 * EXPERIMENT (not wired in): the Gram sweep of two folds packed in the two lanes of f64x2, so one
 * serial chain z -> |z| - l1 -> division -> change serves both folds. Memory (16-byte pairs: lane 0
 * fold A, lane 1 fold B): G2 (p x p pairs, row-major) at 0, then h2, w2, X'y2 (p pairs each), then
 * [max |w_j|, max |change|] pairs, then the block's scratch (SWEEP_BLOCK change pairs, SWEEP_BLOCK i32
 * rows), then a row of zero pairs. Same software pipelining as gram-sweep-kernel.ts, each lane doing
 * the single-fold sweep's operations in its order; a lane whose change is 0 adds +-0 products (h is
 * never -0, so h + -0 = h + +0 = h); a zero column (G_jj = 0) keeps w_j and the maxima of its lane.
 */
import { LocalScope, type ValType, type WasmFunction, addTo, assembleModule, uleb, wasmOp as op } from '@radsweep/core';

const simd = (code: number) => [0xfd, ...uleb(code)];
const x2 = {
  eq: simd(0x47),
  lt: simd(0x49),
  abs: simd(0xec),
  neg: simd(0xed),
  max: simd(0xf5),
  /** [a, b, mask] -> a where mask, else b. */
  bitselect: simd(0x52),
  anyTrue: simd(0x53),
  zero: [...simd(0x0c), ...new Array(16).fill(0)],
};

const B = 4;
const VERSION_ROWS = [1, 2, 4];

export function lanesLayout(p: number) {
  const h = p * p * 16;
  const w = h + p * 16;
  const xty = w + p * 16;
  const stats = xty + p * 16;
  const scratch = stats + 48; // [max |w|, max |change|, l1] pairs
  const zeroRow = scratch + 20 * B;
  return { h, w, xty, stats, scratch, zeroRow, bytes: zeroRow + 16 * (p + B) };
}

function locals(scope: LocalScope, type: ValType, names: string[]): number[] {
  return names.map((name) => scope.add(name, type));
}

function append(out: number[], code: number[]): void {
  for (let i = 0; i < code.length; i++) out.push(code[i]);
}

const at = (a: number, b: number) => [...op.get(a), ...op.get(b), ...op.i32Add];

/** sweep2(l1pair address...) : sweep2(l1A, l1B) on the two folds of the module's p. */
function sweepLanesFunction(P: number): WasmFunction {
  const at0 = lanesLayout(P);
  const params: [string, ValType][] = [];
  const L = new LocalScope(params);
  const [j16, row, j0, m, mPrev] = locals(L, 'i32', ['j16', 'row', 'j0', 'm', 'mPrev']);
  const [l1, qjj, old, z, mag, wj, delta, wMax, dwMax] = locals(L, 'v128', ['l1', 'qjj', 'old', 'z', 'mag', 'wj', 'delta', 'wMax', 'dwMax']);
  const numbered = (name: string) => Array.from({ length: B }, (_, b) => `${name}${b}`);
  const rows = locals(L, 'i32', numbered('row'));
  const v = locals(L, 'v128', numbered('v'));
  const hb = locals(L, 'v128', numbered('h'));
  const rowBytes = 16 * P;
  const c0 = op.i32(0);

  const loadPrevious: number[] = [];
  for (let b = 0; b < B; b++) {
    loadPrevious.push(...c0, ...op.v128Load(at0.scratch + 16 * b), ...op.set(v[b]));
    loadPrevious.push(...c0, ...op.i32Load(at0.scratch + 16 * B + 4 * b), ...op.set(rows[b]));
  }
  const clearScratch: number[] = [];
  for (let b = 0; b < B; b++) {
    clearScratch.push(...c0, ...x2.zero, ...op.v128Store(at0.scratch + 16 * b));
    clearScratch.push(...c0, ...op.i32(at0.zeroRow), ...op.i32Store(at0.scratch + 16 * B + 4 * b));
  }
  const head = (count: number, size: number): number[] =>
    hb.slice(0, size).flatMap((h, c) => {
      const code = [...op.get(j0), ...op.v128Load(at0.h + 16 * c), ...op.set(h)];
      for (let b = 0; b < count; b++) code.push(...op.get(h), ...op.get(v[b]), ...at(rows[b], j0), ...op.v128Load(16 * c), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(h));
      return code;
    });
  const chunk = (count: number, from: number, to: number): number[] => {
    const code: number[] = [];
    for (let k = from; k < to; k++) {
      code.push(...c0, ...c0, ...op.v128Load(at0.h + 16 * k));
      for (let b = 0; b < count; b++) code.push(...op.get(v[b]), ...op.get(rows[b]), ...op.v128Load(16 * k), ...op.f64x2Mul, ...op.f64x2Add);
      code.push(...op.v128Store(at0.h + 16 * k));
    }
    return code;
  };
  const coordinate = (b: number, size: number) => [
    [...at(row, j16), ...op.v128Load(), ...op.set(qjj)],
    [...op.get(j16), ...op.v128Load(at0.w), ...op.set(old)],
    [...op.get(j16), ...op.v128Load(at0.xty), ...op.get(hb[b]), ...op.f64x2Sub, ...op.get(old), ...op.get(qjj), ...op.f64x2Mul, ...op.f64x2Add, ...op.tee(z)],
    [...x2.abs, ...op.get(l1), ...op.f64x2Sub, ...op.set(mag)],
    // (z < 0 ? -mag : mag) / G_jj where mag > 0, else 0; a lane with G_jj = 0 keeps w_j.
    [...op.get(mag), ...x2.neg, ...op.get(mag), ...op.get(z), ...x2.zero, ...x2.lt, ...x2.bitselect, ...op.get(qjj), ...op.f64x2Div],
    [...x2.zero, ...op.get(mag), ...x2.zero, ...op.f64x2Gt, ...x2.bitselect],
    [...op.get(old), ...op.get(qjj), ...x2.zero, ...op.f64x2Ne, ...x2.bitselect, ...op.set(wj)],
    [...op.get(j16), ...op.get(wj), ...op.v128Store(at0.w)],
    [...op.get(wj), ...op.get(old), ...op.f64x2Sub, ...op.tee(delta), ...x2.zero, ...op.f64x2Ne, ...x2.anyTrue],
    op.ifThen(
      ...hb.slice(b + 1, size).map((h, i) => [...op.get(h), ...op.get(delta), ...at(row, j16), ...op.v128Load(16 * (1 + i)), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(h)]),
      [...op.get(m), ...op.i32(4), ...op.i32Shl, ...op.get(delta), ...op.v128Store(at0.scratch)],
      [...op.get(m), ...op.i32(2), ...op.i32Shl, ...op.get(row), ...op.i32Store(at0.scratch + 16 * B)],
      addTo(m, 1),
    ),
    [...op.get(dwMax), ...op.get(delta), ...x2.abs, ...x2.max, ...op.set(dwMax)],
    [...op.get(wMax), ...op.get(wMax), ...op.get(wj), ...x2.abs, ...x2.max, ...op.get(qjj), ...x2.zero, ...x2.eq, ...x2.bitselect, ...op.set(wMax)],
    addTo(j16, 16),
    addTo(row, rowBytes),
  ].flat();
  const pairs = P;
  const blockCode = (size: number): number[] => {
    const code: number[] = [...op.get(j16), ...op.set(j0), ...op.get(m), ...op.set(mPrev), ...op.i32(0), ...op.set(m), ...loadPrevious, ...clearScratch];
    const version = (nRows: number) => {
      const body = head(nRows, size);
      for (let c = 0; c < size; c++) {
        append(body, coordinate(c, size));
        if (nRows > 0) append(body, chunk(nRows, Math.floor((c * pairs) / size), Math.floor(((c + 1) * pairs) / size)));
      }
      return body;
    };
    let chain = version(VERSION_ROWS[VERSION_ROWS.length - 1]);
    for (let vv = VERSION_ROWS.length - 2; vv >= 0; vv--) chain = [...op.get(mPrev), ...op.i32(VERSION_ROWS[vv] + 1), ...op.i32LtS, ...op.ifElse(version(VERSION_ROWS[vv]), chain)];
    append(code, [...op.get(mPrev), ...op.i32Eqz]);
    append(code, op.ifElse(version(0), chain));
    return code;
  };
  const fullBlocks = Math.floor(P / B);
  return {
    name: 'sweep2',
    params,
    results: [],
    locals: L.locals,
    body: [
      [...c0, ...op.v128Load(at0.stats + 32), ...op.set(l1)],
      fullBlocks > 0 ? op.loop(blockCode(B), [...op.get(j16), ...op.i32(16 * B * fullBlocks), ...op.i32Ne, ...op.brIf(0)]) : [],
      P % B > 0 ? blockCode(P % B) : [],
      [...op.get(m), ...op.ifThen(loadPrevious, chunk(B, 0, pairs))],
      [...c0, ...op.get(wMax), ...op.v128Store(at0.stats)],
      [...c0, ...op.get(dwMax), ...op.v128Store(at0.stats + 16)],
    ].flat(),
  };
}

export function gramLanesModule(p: number): Uint8Array {
  return assembleModule([sweepLanesFunction(p)]);
}
