import { describe, expect, it } from 'vitest';
import { NotFittedError, RadSweepInputError, matrix } from '@radsweep/core';
import { harrellC } from '@radsweep/metrics';
import { listSurvivalModels, resolveSurvivalParams, restoreSurvivalModel } from '@radsweep/survival';
import { simulateSurvival } from './support/synthetic';
import { expectBadValuesRefused } from '../support/bad-param-values';

/**
 * The conformance suite every registered survival model passes (the classifiers' habit),
 * generated from the registry: adding a model adds its checks.
 */
const train = simulateSurvival(150, 5, 1);
const test = simulateSurvival(60, 5, 2);
const times = [30, 200, 500, 10_000];

for (const spec of listSurvivalModels()) {
  describe(`survival conformance: ${spec.id}`, () => {
    const make = (seed = 7) => spec.create(resolveSurvivalParams(spec.id, spec.conformanceParams ?? {}), seed);

    it('builds with defaults and keeps its params as plain data', () => {
      const m = spec.create(resolveSurvivalParams(spec.id, {}), 7);
      expect(m.id).toBe(spec.id);
      expect(JSON.parse(JSON.stringify(m.params))).toEqual(m.params);
      expect(Object.keys(m.params).sort()).toEqual(Object.keys(spec.defaults).sort());
    });

    it('refuses to predict before fit', () => {
      expect(() => make().predictRisk(test.x)).toThrow(NotFittedError);
      expect(() => make().predictSurvival(test.x, times)).toThrow(NotFittedError);
      expect(() => make().toJSON()).toThrow(NotFittedError);
    });

    it('fit leaves params untouched; survival is in [0, 1], non-increasing in t, exp(-H), and the risk ranks patients', () => {
      const m = make();
      const before = JSON.stringify(m.params);
      m.fit(train.x, train.time, train.event);
      expect(JSON.stringify(m.params)).toBe(before);
      const s = m.predictSurvival(test.x, times);
      const h = m.predictCumulativeHazard(test.x, times);
      expect([s.rows, s.cols]).toEqual([test.x.rows, times.length]);
      for (let i = 0; i < s.rows; i++) {
        for (let k = 0; k < times.length; k++) {
          const v = s.data[i * times.length + k];
          expect(v >= 0 && v <= 1, `S = ${v}`).toBe(true);
          if (k > 0) expect(v).toBeLessThanOrEqual(s.data[i * times.length + k - 1]);
          expect(h.data[i * times.length + k]).toBeGreaterThanOrEqual(0);
        }
      }
      expect(harrellC(test.time, test.event, m.predictRisk(test.x)).concordance).toBeGreaterThan(0.6);
    });

    it('the same seed gives identical predictions', () => {
      const a = make(11).fit(train.x, train.time, train.event).predictSurvival(test.x, times);
      const b = make(11).fit(train.x, train.time, train.event).predictSurvival(test.x, times);
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
    });

    it('a deterministic model ignores the seed', () => {
      if (!spec.deterministic) return;
      const a = make(1).fit(train.x, train.time, train.event).predictRisk(test.x);
      const b = make(2).fit(train.x, train.time, train.event).predictRisk(test.x);
      expect(Array.from(a)).toEqual(Array.from(b));
    });

    it('a clone (same id, params, seed) is unfitted with equal params', () => {
      const m = make().fit(train.x, train.time, train.event);
      const clone = spec.create(resolveSurvivalParams(spec.id, { ...m.params }), m.seed);
      expect(clone.fitted).toBe(false);
      expect(clone.params).toEqual(m.params);
    });

    it('refuses NaN input, bad outcomes and a wrong column count by name', () => {
      const bad = matrix(train.x.rows, train.x.cols, train.x.data.slice());
      bad.data[7] = NaN;
      expect(() => make().fit(bad, train.time, train.event)).toThrow(RadSweepInputError);
      expect(() => make().fit(bad, train.time, train.event)).toThrow(/x: non-finite value .* row 1, column 2/);
      const badTime = train.time.slice();
      badTime[3] = NaN;
      expect(() => make().fit(train.x, badTime, train.event)).toThrow(/time: missing time at row 3/);
      expect(() => make().fit(train.x, train.time, new Uint8Array(train.x.rows))).toThrow(/event: no events/);
      const m = make().fit(train.x, train.time, train.event);
      expect(() => m.predictRisk(matrix(2, 4))).toThrow(/features/);
      const nanTest = matrix(test.x.rows, test.x.cols, test.x.data.slice());
      nanTest.data[0] = NaN;
      expect(() => m.predictSurvival(nanTest, times)).toThrow(/x: non-finite/);
      expect(() => m.predictSurvival(test.x, [100, -1])).toThrow(/times: prediction time -1/);
    });

    it('a save/restore round trip predicts the same', () => {
      const m = make().fit(train.x, train.time, train.event);
      const saved = JSON.parse(JSON.stringify(m.toJSON()));
      const restored = restoreSurvivalModel(saved);
      expect(Array.from(restored.predictRisk(test.x))).toEqual(Array.from(m.predictRisk(test.x)));
      expect(Array.from(restored.predictSurvival(test.x, times).data)).toEqual(Array.from(m.predictSurvival(test.x, times).data));
    });

    it('refuses unknown parameters by name', () => {
      expect(() => resolveSurvivalParams(spec.id, { no_such_param: 1 })).toThrow(/unknown parameter 'no_such_param'/);
    });

    for (const [name, rule] of Object.entries(spec.rules)) {
      it(`refuses bad values of ${name} with a message naming it`, () => {
        expectBadValuesRefused(rule, `${spec.id}.${name}`, (v) => resolveSurvivalParams(spec.id, { [name]: v as never }));
      });
    }
  });
}
