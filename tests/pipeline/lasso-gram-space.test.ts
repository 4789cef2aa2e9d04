import { describe, expect, it } from 'vitest';
import { Rng } from '@radsweep/core';
import { GramSpace } from '../../libs/pipeline/src/steps/lasso/gram-space';

/** The scalar update the SIMD kernel must reproduce bit for bit: h[k] = h[k] + delta * G[j, k]. */
function scalarAddRow(h: Float64Array, gram: Float64Array, p: number, j: number, delta: number): void {
  for (let k = 0; k < p; k++) h[k] += delta * gram[j * p + k];
}

describe('GramSpace (WebAssembly SIMD h += delta * G[j, :])', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 90, 93])('equals the scalar loop bit for bit, p = %i', (p) => {
    const rng = new Rng(1000 + p);
    const space = new GramSpace(p);
    const gram = new Float64Array(p * p);
    for (let i = 0; i < p * p; i++) gram[i] = rng.normal() * 10 ** rng.int(6);
    space.gram.set(gram);
    const h = new Float64Array(p);
    for (let step = 0; step < 50; step++) {
      const j = rng.int(p);
      const delta = rng.normal() * 1e-3;
      space.addRow(j, delta);
      scalarAddRow(h, gram, p, j, delta);
    }
    expect(Array.from(space.h)).toEqual(Array.from(h));
    expect(h.some((v) => v !== 0)).toBe(true);
  });

  it('spaces do not share memory, and a large p grows the memory', () => {
    const a = new GramSpace(200); // 321 KB: more than the first 64 KiB page
    const b = new GramSpace(200);
    a.gram.fill(1);
    b.gram.fill(2);
    a.addRow(199, 3);
    expect(a.h.every((v) => v === 3)).toBe(true);
    expect(b.h.every((v) => v === 0)).toBe(true);
    expect(a.gram[200 * 200 - 1]).toBe(1);
  });
});
