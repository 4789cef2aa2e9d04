import { describe, expect, it } from 'vitest';
import { Rng, matrix } from '@radsweep/core';
import { fitLinearSvmDual } from '../../libs/classifiers/src/svm/linear-svc-dual';
import { createDualPassKernel, jsDualPass } from '../../libs/classifiers/src/svm/dual-pass-kernel';

/** n rows of p features, two overlapping classes (so the dual keeps many support vectors). */
function problem(n: number, p: number, seed: number) {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.35 ? 1 : 0;
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() + (y[i] && j % 3 === 0 ? 0.4 : 0);
  }
  return { x, y };
}

const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2));

describe('linear SVM dual pass: WebAssembly SIMD kernel vs JavaScript', () => {
  it('builds the wasm kernel here (the engine has SIMD)', () => {
    expect(createDualPassKernel('auto', 3, 2, 0.5, 1).kind).toBe('wasm');
  });

  // p covers every remainder of the 4-term dot product and the pairwise axpy; C = 10 runs into max_iter
  for (const [n, p, C, maxIter] of [[120, 1, 1, 10000], [150, 2, 0.3, 10000], [200, 3, 1, 10000], [260, 5, 0.1, 10000], [300, 8, 1, 10000], [400, 50, 1, 10000], [90, 13, 10, 40]]) {
    it(`${n} x ${p}, C = ${C}, max_iter ${maxIter}: the same w and bias, bit for bit`, () => {
      const { x, y } = problem(n, p, n + p);
      const wasm = fitLinearSvmDual(x, y, C, 1e-4, maxIter, 1, new Rng(11), 'wasm');
      const js = fitLinearSvmDual(x, y, C, 1e-4, maxIter, 1, new Rng(11), 'js');
      expect(bits(wasm.w)).toEqual(bits(js.w));
      expect(wasm.bias).toBe(js.bias);
      expect(wasm.w.some((v) => v !== 0)).toBe(true);
    });
  }

  it('one pass: the same alpha, w, w_b, PG spread, shrunk set and order (intercept scaling 2)', () => {
    const n = 64, p = 7;
    const { x, y } = problem(n, p, 4);
    const rng = new Rng(2);
    const kernels = (['wasm', 'js'] as const).map((kind) => createDualPassKernel(kind, n, p, 0.5 / 0.8, 2));
    const arrays = kernels.map((k) => k.arrays);
    for (const k of arrays) {
      k.x.set(x.data);
      for (let i = 0; i < n; i++) {
        k.index[i] = n - 1 - i;
        k.sign[i] = y[i] ? 1 : -1;
        k.alpha[i] = i % 4 === 0 ? 0 : rng.next() * 0.2; // some at the bound
        let s = 4 + 0.5 / 0.8;
        for (let j = 0; j < p; j++) s += x.data[i * p + j] ** 2;
        k.qd[i] = s;
      }
      k.stats[0] = 0.3;
    }
    arrays[1].alpha.set(arrays[0].alpha);
    // a tight pgMaxOld makes the pass shrink
    const actives = kernels.map((k) => k.pass(n, 0.05));
    expect(actives[0]).toBe(actives[1]);
    expect(actives[0]).toBeLessThan(n);
    expect(Array.from(arrays[0].index)).toEqual(Array.from(arrays[1].index));
    expect(bits(arrays[0].alpha)).toEqual(bits(arrays[1].alpha));
    expect(bits(arrays[0].w)).toEqual(bits(arrays[1].w));
    expect(bits(arrays[0].stats)).toEqual(bits(arrays[1].stats));
  });

  it('the JS pass takes the dual step: g = s (w . x + w_b b) - 1 + alpha diag, alpha = max(alpha - g / QD, 0) (worked by hand)', () => {
    const k = createDualPassKernel('js', 1, 2, 0.5, 1).arrays;
    k.x.set([1, 2]);
    k.sign[0] = 1;
    k.qd[0] = 1 + 4 + 1 + 0.5;
    // w = 0, alpha = 0: g = -1, alpha = 1 / 6.5, w = alpha (1, 2), w_b = alpha
    expect(jsDualPass(k, 2, 1, Infinity, 0.5, 1)).toBe(1);
    const a = 1 / 6.5;
    expect(k.alpha[0]).toBe(a);
    expect(Array.from(k.w)).toEqual([a, 2 * a]);
    expect(Array.from(k.stats)).toEqual([a, -1, -1]);
  });
});
