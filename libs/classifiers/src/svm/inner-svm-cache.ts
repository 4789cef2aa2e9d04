import { DataKeyedCache, Matrix } from '@radsweep/core';
import { LinearSvm } from './linear-svc-dual';

/** What the inner SVMs of a calibrated fit depend on besides the rows: not the calibration method. */
export interface InnerSvmKey {
  C: number;
  tol: number;
  maxIter: number;
  cv: number;
}

/**
 * The per-fold SVMs of this thread's last few calibrated_svm fits. A grid that crosses the calibration
 * method with C (the seed grid: sigmoid and isotonic at C = 0.1 and 1) fits the same SVMs on the same
 * internal folds twice; the second fit takes them from here (rows and labels equal to the bit). Eight
 * entries cover a fold's C values for both feature sets in flight while other models' fits run between.
 */
export const innerSvmCache = new DataKeyedCache<LinearSvm[]>('calibrated SVM inner fits', 8);

/** The inner SVMs for these rows, from the cache or from `fit`; copies, so a caller may keep or change them. */
export function innerSvms(k: InnerSvmKey, x: Matrix, y: Uint8Array, fit: () => LinearSvm[]): LinearSvm[] {
  const key = `${k.C}|${k.tol}|${k.maxIter}|${k.cv}|${x.rows}x${x.cols}`;
  return innerSvmCache.getOrCompute(key, [x.data, y], fit).map((s) => ({ w: Float64Array.from(s.w), bias: s.bias }));
}
