import { afterEach, describe, expect, it, vi } from 'vitest';
import { Matrix, Params, releaseThreadCaches, threadCacheEntries } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { IdleCacheRelease } from '../../libs/pipeline/src/engine/idle-cache-release';

/**
 * A thread's fit caches are registered in one place and dropped together when the engine thread has been
 * idle (a server worker between runs); dropping them changes no result.
 */
function data(rows: number, cols: number, seed: number): { x: Matrix; y: Uint8Array } {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  // values on a grid of 0.05, so features tie (the whole-node sort memo keeps only tied rows' orders)
  const x = new Float64Array(rows * cols).map(() => Math.round((next() * 2 - 1) * 20) / 20);
  const y = Uint8Array.from({ length: rows }, (_, i) => (x[i * cols] + 0.5 * x[i * cols + 1] + 0.3 * (next() - 0.5) > 0 ? 1 : 0));
  return { x: { rows, cols, data: x }, y };
}

const fits: [string, Partial<Params>][] = [
  ['gradient_boosting', { n_estimators: 10, max_depth: 2 }],
  ['lightgbm', { max_iter: 10 }],
  ['random_forest', { n_estimators: 10 }],
  ['calibrated_svm', { C: 1, method: 'sigmoid' }],
  ['qda', { reg_param: 0.1 }],
];

describe("a thread's fit caches", () => {
  afterEach(() => vi.useRealTimers());

  it('are all registered, filled by fits, emptied by releaseThreadCaches, and the fits after it give the same bits', () => {
    const { x, y } = data(120, 5, 7);
    const fitAll = () => fits.map(([id, params]) => createClassifier(id, params, 3).fit(x, y).predictProba(x));
    releaseThreadCaches();
    const first = fitAll();
    const filled = threadCacheEntries();
    for (const name of ['boosting stage checkpoints', 'whole-node sort memo', 'forest checkpoints', 'calibrated SVM inner fits', 'first draws of tree seeds', 'QDA class SVDs']) {
      expect(filled[name], name).toBeGreaterThan(0);
    }
    releaseThreadCaches();
    expect(Object.values(threadCacheEntries()).every((n) => n === 0)).toBe(true);
    const again = fitAll();
    again.forEach((p, i) => expect(Buffer.from(p.buffer, p.byteOffset, p.byteLength).equals(Buffer.from(first[i].buffer, first[i].byteOffset, first[i].byteLength)), fits[i][0]).toBe(true));
  });

  it('are released once no request has come for the idle time, not while requests keep coming', () => {
    vi.useFakeTimers();
    const release = vi.fn();
    const idle = new IdleCacheRelease(1000, release);
    idle.touched();
    vi.advanceTimersByTime(999);
    idle.touched(); // a request within the idle time: the count starts again
    vi.advanceTimersByTime(999);
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(release).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(release).toHaveBeenCalledTimes(1);
  });
});
