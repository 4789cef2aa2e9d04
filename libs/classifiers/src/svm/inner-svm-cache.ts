import { Matrix, registerThreadCache, sameBytes } from '@radsweep/core';
import { LinearSvm } from './linear-svc-dual';

/** What the inner SVMs of a calibrated fit depend on besides the rows: not the calibration method. */
export interface InnerSvmKey {
  C: number;
  tol: number;
  maxIter: number;
  cv: number;
}

interface Entry {
  key: string;
  x: Float64Array;
  y: Uint8Array;
  svms: LinearSvm[];
}

/** Fits whose rows hold more values than this are not kept (a copy of the rows is part of an entry). */
const MAX_VALUES = 1 << 22;

/**
 * The per-fold SVMs of the last few calibrated_svm fits of this thread. A grid that crosses
 * the calibration method with C (the seed grid: sigmoid and isotonic at C = 0.1 and 1) fits the
 * same SVMs on the same internal folds twice; the second fit takes them from here. An entry
 * holds copies of the rows and labels it was fitted on, and a hit needs them equal bit for bit
 * (memcmp), so a caller that changes its matrix in place between fits gets a fresh fit.
 */
export class InnerSvmCache {
  private entries: Entry[] = [];
  /** Fits answered from the cache (tests read it). */
  hits = 0;

  constructor(private readonly capacity: number) {}

  get(k: InnerSvmKey, x: Matrix, y: Uint8Array): LinearSvm[] | null {
    const key = keyOf(k, x);
    const at = this.entries.findIndex((e) => e.key === key && sameBytes(e.x, x.data) && sameBytes(e.y, y));
    if (at < 0) return null;
    const [entry] = this.entries.splice(at, 1);
    this.entries.push(entry); // most recently used last
    this.hits++;
    return entry.svms.map((s) => ({ w: Float64Array.from(s.w), bias: s.bias }));
  }

  put(k: InnerSvmKey, x: Matrix, y: Uint8Array, svms: LinearSvm[]): void {
    if (x.data.length > MAX_VALUES || this.capacity === 0) return;
    this.entries.push({ key: keyOf(k, x), x: x.data.slice(), y: y.slice(), svms: svms.map((s) => ({ w: Float64Array.from(s.w), bias: s.bias })) });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  clear(): void {
    this.entries = [];
    this.hits = 0;
  }

  get size(): number {
    return this.entries.length;
  }
}

function keyOf(k: InnerSvmKey, x: Matrix): string {
  return `${k.C}|${k.tol}|${k.maxIter}|${k.cv}|${x.rows}x${x.cols}`;
}

/**
 * This thread's cache: eight fits cover a fold's C values for both feature sets in flight while
 * other models' fits run in between.
 */
export const innerSvmCache = new InnerSvmCache(8);
registerThreadCache({ name: 'calibrated SVM inner fits', entries: () => innerSvmCache.size, clear: () => innerSvmCache.clear() });
