import { afterEach, describe, expect, it } from 'vitest';
import { Matrix, Rng, matrix } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { innerSvmCache } from '../../libs/classifiers/src/svm/inner-svm-cache';

function problem(n: number, p: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += (x.data[i * p + j] = rng.normal()) * (j < 3 ? 1 : 0.1);
    y[i] = s + rng.normal() > 0.5 ? 1 : 0;
  }
  return { x, y };
}

const hex = (p: Float64Array) => Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('hex');

/** Probabilities of a fit made with an empty cache (the SVMs fitted, not reused). */
function fresh(params: Record<string, number | string>, x: Matrix, y: Uint8Array): string {
  innerSvmCache.clear();
  const p = createClassifier('calibrated_svm', params, 0).fit(x, y).predictProba(x);
  innerSvmCache.clear();
  return hex(p);
}

describe('calibrated SVM: inner SVMs shared across calibration methods', () => {
  afterEach(() => innerSvmCache.clear());

  it('the second method at the same C reuses the SVMs and gives the bits of a fresh fit', () => {
    const { x, y } = problem(150, 6, 1);
    const want = { sigmoid: fresh({ C: 1, method: 'sigmoid' }, x, y), isotonic: fresh({ C: 1, method: 'isotonic' }, x, y) };
    const sig = createClassifier('calibrated_svm', { C: 1, method: 'sigmoid' }, 0).fit(x, y).predictProba(x);
    expect(innerSvmCache.hits).toBe(0);
    const iso = createClassifier('calibrated_svm', { C: 1, method: 'isotonic' }, 0).fit(x, y).predictProba(x);
    expect(innerSvmCache.hits).toBe(1);
    expect(hex(sig)).toBe(want.sigmoid);
    expect(hex(iso)).toBe(want.isotonic);
    // sigmoid and isotonic differ, so equal bits above are not one model answering twice
    expect(hex(iso)).not.toBe(hex(sig));
  });

  it('another C, tol, cv or row set is a miss', () => {
    const { x, y } = problem(150, 6, 2);
    createClassifier('calibrated_svm', { C: 1 }, 0).fit(x, y);
    createClassifier('calibrated_svm', { C: 0.1 }, 0).fit(x, y);
    createClassifier('calibrated_svm', { C: 1, tol: 1e-3 }, 0).fit(x, y);
    createClassifier('calibrated_svm', { C: 1, cv: 4 }, 0).fit(x, y);
    const other = problem(150, 6, 3);
    createClassifier('calibrated_svm', { C: 1 }, 0).fit(other.x, other.y);
    expect(innerSvmCache.hits).toBe(0);
  });

  it('a matrix changed in place after a fit is fitted afresh', () => {
    const { x, y } = problem(150, 6, 4);
    createClassifier('calibrated_svm', { C: 1, method: 'sigmoid' }, 0).fit(x, y);
    x.data[17] += 0.5;
    const want = fresh({ C: 1, method: 'isotonic' }, x, y);
    x.data[17] -= 0.5;
    createClassifier('calibrated_svm', { C: 1, method: 'sigmoid' }, 0).fit(x, y);
    x.data[17] += 0.5;
    const got = hex(createClassifier('calibrated_svm', { C: 1, method: 'isotonic' }, 0).fit(x, y).predictProba(x));
    expect(innerSvmCache.hits).toBe(0);
    expect(got).toBe(want);
    // and changed labels too
    y[3] = 1 - y[3];
    createClassifier('calibrated_svm', { C: 1, method: 'sigmoid' }, 0).fit(x, y);
    expect(innerSvmCache.hits).toBe(0);
  });

  it('an internal split whose training rows hold one class is refused, as before', () => {
    const { x } = problem(30, 3, 5);
    const y = new Uint8Array(30);
    y[0] = 1;
    expect(() => createClassifier('calibrated_svm', { C: 1 }, 0).fit(x, y)).toThrow(/calibration split leaves fold \d with one class/);
  });
});
