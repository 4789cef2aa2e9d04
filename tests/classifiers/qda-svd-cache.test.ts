import { afterEach, describe, expect, it } from 'vitest';
import { Matrix, Rng, matrix } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { qdaClassSvds } from '../../libs/classifiers/src/linear/qda';

/** n rows of p features, the two classes with different spreads (so QDA's classes differ). */
function problem(n: number, p: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3 === 0 ? 1 : 0;
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() * (y[i] ? 1.5 : 1) + (y[i] && j < 2 ? 0.7 : 0);
  }
  return { x, y };
}

const hex = (p: Float64Array) => Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('hex');

/** Probabilities of a fit made with an empty cache (every class decomposed afresh). */
function fresh(reg: number, x: Matrix, y: Uint8Array, test: Matrix): string {
  qdaClassSvds.clear();
  const out = hex(createClassifier('qda', { reg_param: reg }, 0).fit(x, y).predictProba(test));
  qdaClassSvds.clear();
  return out;
}

describe('QDA: class SVDs shared across reg_param', () => {
  afterEach(() => qdaClassSvds.clear());

  it('a reg_param grid decomposes each class once and gives the bits of fresh fits', () => {
    const { x, y } = problem(90, 12, 3);
    const test = problem(40, 12, 4).x;
    const expected = [0, 0.1, 0.5].map((r) => fresh(r, x, y, test));
    const shared = [0, 0.1, 0.5].map((r) => hex(createClassifier('qda', { reg_param: r }, 0).fit(x, y).predictProba(test)));
    expect(shared).toEqual(expected);
    expect(qdaClassSvds.hits).toBe(4); // two classes, reused by the second and third configuration
    expect(new Set(expected).size).toBe(3); // reg_param changes the result: the reuse is not of the whole fit
  });

  it('data of the same shape that differs in one value is decomposed afresh', () => {
    const a = problem(60, 8, 5);
    const b = { x: matrix(60, 8), y: a.y };
    b.x.data.set(a.x.data);
    b.x.data[17] += 1e-9;
    const test = problem(20, 8, 6).x;
    const expected = fresh(0.1, b.x, b.y, test);
    createClassifier('qda', { reg_param: 0.1 }, 0).fit(a.x, a.y);
    const after = hex(createClassifier('qda', { reg_param: 0.1 }, 0).fit(b.x, b.y).predictProba(test));
    expect(after).toBe(expected);
    expect(qdaClassSvds.hits).toBe(1); // class 1 has no row 2 (rows 0, 3, 6, ...): the same; class 0 changed
  });
});
