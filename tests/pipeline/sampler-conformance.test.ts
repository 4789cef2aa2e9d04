import { describe, expect, it } from 'vitest';
import { Matrix, Rng, matrix } from '@radsweep/core';
import { SAMPLER_REGISTRY, createSampler } from '@radsweep/pipeline';
import { expectBadValuesRefused } from '../support/bad-param-values';

/**
 * The conformance suite every registered sampler passes, generated from the sampler registry as
 * tests/classifiers/conformance.test.ts is from the classifiers': adding a sampler adds its checks.
 */
function imbalanced(n: number, p: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 4 === 0 ? 1 : 0;
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() + (y[i] && j < 2 ? 1 : 0);
  }
  return { x, y };
}

const train = imbalanced(80, 4, 1);
const rowOf = (m: Matrix, i: number) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
const resample = (id: string, params: Record<string, unknown>, seed: number) => createSampler(id as never, params, seed)!.fitResample(train.x, train.y);

for (const spec of [...SAMPLER_REGISTRY.values()].filter((s) => s.id !== 'none')) {
  describe(`sampler conformance: ${spec.id}`, () => {
    it('sees only the rows it is given: kept rows are input rows, new rows lie inside the minority rows\' box', () => {
      const out = resample(spec.id, {}, 3);
      const input = new Set(Array.from({ length: train.x.rows }, (_, i) => JSON.stringify(rowOf(train.x, i))));
      const minority = Array.from({ length: train.x.rows }, (_, i) => i).filter((i) => train.y[i] === 1);
      let synthetic = 0;
      for (let i = 0; i < out.x.rows; i++) {
        const r = rowOf(out.x, i);
        if (input.has(JSON.stringify(r))) continue;
        synthetic++;
        expect(out.y[i], `row ${i} is new, so it is a minority row`).toBe(1);
        // A new row interpolates between minority rows of the input: it cannot leave their bounding box.
        r.forEach((v, j) => {
          const col = minority.map((m) => train.x.data[m * train.x.cols + j]);
          expect(v).toBeGreaterThanOrEqual(Math.min(...col));
          expect(v).toBeLessThanOrEqual(Math.max(...col));
        });
      }
      if (spec.id === 'random_under' || spec.id === 'random_over') expect(synthetic).toBe(0);
      // imbalanced-learn's 'auto': the classes end level (ADASYN's count is its own rule, within a few rows).
      const pos = out.y.reduce((a, v) => a + v, 0);
      if (spec.id !== 'adasyn' && spec.id !== 'borderline_smote') expect(pos).toBe(out.y.length - pos);
    });

    it('is rebuilt from its params: the registry\'s defaults written out give the same rows', () => {
      const a = resample(spec.id, {}, 5);
      const b = resample(spec.id, { ...spec.defaults }, 5);
      expect(Array.from(b.x.data)).toEqual(Array.from(a.x.data));
      expect(Array.from(b.y)).toEqual(Array.from(a.y));
    });

    it('is seeded: the same seed gives the same rows, other seeds other rows', () => {
      const a = resample(spec.id, {}, 11);
      expect(Array.from(resample(spec.id, {}, 11).x.data)).toEqual(Array.from(a.x.data));
      const others = [12, 13, 14].map((s) => Array.from(resample(spec.id, {}, s).x.data));
      expect(others.some((o) => o.length !== a.x.data.length || o.some((v, i) => v !== a.x.data[i]))).toBe(true);
    });

    for (const [name, rule] of Object.entries(spec.rules)) {
      it(`refuses bad values of ${name} with a message naming it`, () => {
        expectBadValuesRefused(rule, `sampler.${spec.id}.${name}`, (v) => createSampler(spec.id, { [name]: v }, 1));
      });
    }

    it('refuses an unknown parameter, listing the known ones', () => {
      expect(() => createSampler(spec.id, { no_such_param: 1 }, 1)).toThrow(
        `sampler.${spec.id}.no_such_param: unknown parameter 'no_such_param' for sampler '${spec.id}'; known: ${Object.keys(spec.rules).join(', ')}`,
      );
    });
  });
}
