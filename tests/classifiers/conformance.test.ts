import { describe, expect, it } from 'vitest';
import { Matrix, NotFittedError, RadSweepInputError, Rng, matrix } from '@radsweep/core';
import { listModels, restoreClassifier, resolveParams } from '@radsweep/classifiers';
import { expectBadValuesRefused } from '../support/bad-param-values';

/**
 * The conformance suite every registered classifier passes (scikit-learn's
 * estimator_checks habit), generated from the registry: adding a model adds its checks.
 */
function blobs(n: number, p: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3 === 0 ? 1 : 0;
    for (let j = 0; j < p; j++) x.data[i * p + j] = rng.normal() + (y[i] && j < 3 ? 1.5 : 0);
  }
  return { x, y };
}

const train = blobs(90, 6, 1);
const test = blobs(40, 6, 2);
/**
 * The training rows with column 5 a copy of column 0: every split on one has an equal twin
 * on the other, and the test rows tell them apart. A model whose only randomness is how it
 * breaks ties between equal splits (scikit-learn's trees, hence AdaBoost's stumps) shows it here.
 */
const tiedTrain = (() => {
  const x = matrix(train.x.rows, train.x.cols, train.x.data.slice());
  for (let i = 0; i < x.rows; i++) x.data[i * x.cols + 5] = x.data[i * x.cols];
  return { x, y: train.y };
})();

for (const spec of listModels()) {
  describe(`conformance: ${spec.id}`, () => {
    const make = (seed = 7) => spec.create(resolveParams(spec.id, {}), seed);

    it('builds with defaults and keeps its params as plain data', () => {
      const m = make();
      expect(m.id).toBe(spec.id);
      expect(JSON.parse(JSON.stringify(m.params))).toEqual(m.params);
      expect(Object.keys(m.params).sort()).toEqual(Object.keys(spec.defaults).sort());
    });

    it('refuses to predict before fit', () => {
      expect(() => make().predictProba(test.x)).toThrow(NotFittedError);
    });

    it('fit leaves params untouched and gives probabilities in [0, 1] that rank the classes', () => {
      const m = make();
      const before = JSON.stringify(m.params);
      m.fit(train.x, train.y);
      expect(JSON.stringify(m.params)).toBe(before);
      const p = m.predictProba(test.x);
      expect(p.length).toBe(test.x.rows);
      for (const v of p) expect(v >= 0 && v <= 1, `probability ${v}`).toBe(true);
      let pos = 0, neg = 0, np = 0, nn = 0;
      p.forEach((v, i) => (test.y[i] ? ((pos += v), np++) : ((neg += v), nn++)));
      expect(pos / np).toBeGreaterThan(neg / nn);
    });

    it('the same seed gives identical probabilities', () => {
      const a = make(11).fit(train.x, train.y).predictProba(test.x);
      const b = make(11).fit(train.x, train.y).predictProba(test.x);
      expect(Array.from(a)).toEqual(Array.from(b));
    });

    // Both sides assert: a model declared deterministic ignores the seed, one declared random uses it
    // (a random model whose seed changes nothing would be wrongly declared).
    it(`the seed ${spec.deterministic ? 'is ignored (declared deterministic)' : 'changes the fit (declared random)'}`, () => {
      const fit = (seed: number) => Array.from(make(seed).fit(tiedTrain.x, tiedTrain.y).predictProba(test.x));
      const a = fit(1);
      const others = [2, 3, 4, 5, 6].map(fit);
      const anyDiffers = others.some((b) => b.some((v, i) => v !== a[i]));
      expect(anyDiffers).toBe(!spec.deterministic);
    });

    it('refuses NaN input, one-class labels and a wrong column count by name', () => {
      const bad = matrix(train.x.rows, train.x.cols, train.x.data.slice());
      bad.data[5] = NaN;
      expect(() => make().fit(bad, train.y)).toThrow(RadSweepInputError);
      expect(() => make().fit(train.x, new Uint8Array(train.x.rows))).toThrow(/one class/);
      const m = make().fit(train.x, train.y);
      expect(() => m.predictProba(matrix(2, 5))).toThrow(/features/);
    });

    it('a save/restore round trip predicts the same', () => {
      const m = make().fit(train.x, train.y);
      const saved = JSON.parse(JSON.stringify(m.toJSON()));
      const restored = restoreClassifier(saved);
      expect(Array.from(restored.predictProba(test.x))).toEqual(Array.from(m.predictProba(test.x)));
    });

    it('refuses unknown parameters by name', () => {
      expect(() => resolveParams(spec.id, { no_such_param: 1 })).toThrow(/unknown parameter 'no_such_param'/);
    });

    for (const [name, rule] of Object.entries(spec.rules)) {
      it(`refuses bad values of ${name} with a message naming it`, () => {
        expectBadValuesRefused(rule, `${spec.id}.${name}`, (v) => resolveParams(spec.id, { [name]: v as never }));
      });
    }
  });
}

describe('registry parameter rules', () => {
  it('anyOf accepts each form and names the value it refuses', () => {
    expect(resolveParams('lda', { solver: 'lsqr', shrinkage: 0.3 }).shrinkage).toBe(0.3);
    expect(resolveParams('lda', { solver: 'lsqr', shrinkage: 'auto' }).shrinkage).toBe('auto');
    expect(() => resolveParams('lda', { shrinkage: 1.5 })).toThrow(/lda\.shrinkage.*1\.5/);
    expect(() => resolveParams('lda', { shrinkage: 'oas' })).toThrow(/"oas"/);
  });

  it('every declared parity exception gives a reason, an AUC tolerance no looser than 0.05 and an explicit probability bound', () => {
    for (const spec of listModels()) {
      for (const e of spec.parityExceptions ?? []) {
        expect(e.reason.length, spec.id).toBeGreaterThan(40);
        expect(e.aucTolerance, spec.id).toBeLessThanOrEqual(0.05);
        // A bound of 1 (or none) would check nothing: every exception states a real one.
        expect(Number.isFinite(e.probabilityTolerance) && e.probabilityTolerance > 0, `${spec.id} ${e.reference}`).toBe(true);
        expect(e.probabilityTolerance, `${spec.id} ${e.reference}`).toBeLessThanOrEqual(0.1);
      }
    }
  });
});
