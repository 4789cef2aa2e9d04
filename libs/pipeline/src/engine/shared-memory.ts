import { Matrix } from '@radsweep/core';
import type { FeatureSetData, PreparedFold } from './prepare-fold';

type TypedArray = Float64Array | Int32Array | Uint8Array;

/**
 * A copy of `a` on a SharedArrayBuffer: posting it to a worker passes the memory,
 * not a copy, so every worker reads one copy of each fold cache.
 */
function shareArray<T extends TypedArray>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const ctor = a.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new ctor(new SharedArrayBuffer(a.length * ctor.BYTES_PER_ELEMENT));
  (out as unknown as { set(src: ArrayLike<number>): void }).set(a);
  return out;
}

function shareMatrix(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: shareArray(m.data) };
}

export function shareFeatureSetData(d: FeatureSetData): FeatureSetData {
  return { x: shareMatrix(d.x), y: shareArray(d.y), features: d.features, ...(d.time ? { time: shareArray(d.time) } : {}), ...(d.context ? { context: d.context } : {}) };
}

export function sharePreparedFold(f: PreparedFold): PreparedFold {
  return { ...f, fitX: shareMatrix(f.fitX), fitY: shareArray(f.fitY), heldX: shareMatrix(f.heldX), heldY: shareArray(f.heldY), heldRows: shareArray(f.heldRows) };
}
