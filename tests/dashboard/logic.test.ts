import { describe, expect, it } from 'vitest';
import { confusionCounts } from '@radsweep/metrics';
import { confusionAt } from '../../apps/dashboard/src/confusion';
import { toCsv } from '../../apps/dashboard/src/csv';
import { calibrationValue } from '../../apps/dashboard/src/format';
import { specDifferences } from '../../apps/dashboard/src/spec-diff';
import { histogram } from '../../apps/server/src/dashboard/dashboard.service';

describe('dashboard logic', () => {
  it('confusionAt counts p > t as positive (the engine\'s rule: a prediction exactly at the threshold is negative) and derives the rates', () => {
    const y = [1, 1, 0, 0, 1];
    const p = [0.9, 0.4, 0.5, 0.1, 0.5]; // two patients exactly at 0.5: negative, as scikit-learn's predict
    const c = confusionAt(y, p, 0.5);
    expect(c).toMatchObject({ tp: 1, fn: 2, fp: 0, tn: 2 });
    expect(c.sensitivity).toBeCloseTo(1 / 3, 12);
    expect(c.specificity).toBeCloseTo(1, 12);
    expect(c.f1).toBeCloseTo(2 / 4, 12); // 2TP / (2TP + FP + FN)
    expect(Number.isNaN(confusionAt(y, p, 0.95).ppv)).toBe(true); // nobody predicted positive
  });

  it('confusionAt gives the engine\'s confusion counts at every threshold, ties at the threshold included', () => {
    // probabilities on a 0.05 grid, so many patients sit exactly on the thresholds tried (seeded, reproducible)
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const y = Uint8Array.from({ length: 200 }, () => (next() < 0.4 ? 1 : 0));
    const p = Float64Array.from({ length: 200 }, () => Math.round(next() * 20) / 20);
    for (let k = 0; k <= 20; k++) {
      const t = k / 20;
      const { tp, fp, tn, fn } = confusionAt(y, p, t);
      expect({ tp, fp, tn, fn }, `t = ${t}`).toEqual({ ...confusionCounts(y, p, t) });
    }
  });

  it('specDifferences names changed settings by path, scalar arrays whole, named entries by their names', () => {
    const a = { seed: 7, models: [{ id: 'lr', grid: { C: [0.1, 1] } }, { id: 'nb' }], steps: [{ scaler: {} }] };
    const b = { seed: 11, models: [{ id: 'lr', grid: { C: [1e-6] } }, { id: 'nb' }], steps: [{ scaler: {} }], sampler: { smote: {} } };
    expect(specDifferences([a, b])).toEqual([
      { path: 'models[lr].grid.C', values: [[0.1, 1], [1e-6]] },
      { path: 'sampler.smote', values: [undefined, {}] },
      { path: 'seed', values: [7, 11] },
    ]);
    expect(specDifferences([a, structuredClone(a)])).toEqual([]);
  });

  it('specDifferences matches models by id and steps by name: an insertion is one difference, not a shifted list', () => {
    const a = {
      models: [{ id: 'lr', grid: { C: [1] } }, { id: 'knn', grid: { n_neighbors: [5] } }],
      steps: [{ median_imputer: {} }, { welch_ttest: { alpha: 0.05 } }, { lasso: { alpha: 'cv' } }],
      featureSets: [{ name: 'radiomics', include: ['original_*'] }],
    };
    const b = {
      models: [{ id: 'lr', grid: { C: [1] } }, { id: 'svm', grid: { C: [1] } }, { id: 'knn', grid: { n_neighbors: [5, 7] } }],
      steps: [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.01 } }, { lasso: { alpha: 'cv' } }],
      featureSets: [{ name: 'radiomics', include: ['original_*'] }, { name: 'clinical', include: ['age'] }],
    };
    expect(specDifferences([a, b])).toEqual([
      { path: 'featureSets[clinical].include', values: [undefined, ['age']] },
      { path: 'featureSets[clinical].name', values: [undefined, 'clinical'] },
      { path: 'models[knn].grid.n_neighbors', values: [[5], [5, 7]] },
      { path: 'models[svm].grid.C', values: [undefined, [1]] },
      { path: 'models[svm].id', values: [undefined, 'svm'] },
      { path: 'steps[standard_scaler]', values: [undefined, {}] },
      { path: 'steps[welch_ttest].alpha', values: [0.05, 0.01] },
    ]);
    // the same model twice is told apart by its occurrence
    expect(specDifferences([{ models: [{ id: 'rf', grid: { n: [1] } }, { id: 'rf', grid: { n: [2] } }] }, { models: [{ id: 'rf', grid: { n: [1] } }, { id: 'rf', grid: { n: [3] } }] }])).toEqual([{ path: 'models[rf#2].grid.n', values: [[2], [3]] }]);
  });

  it('calibrationValue shows why a calibration slope or intercept is undefined, never a number or a bare dash', () => {
    expect(calibrationValue(null, 'prediction-at-0-or-1')).toBe('undefined: a prediction is exactly 0 or 1');
    expect(calibrationValue(null, 'separated')).toBe('undefined: p separates the classes');
    expect(calibrationValue(0.98765, null)).toBe('0.99');
    expect(calibrationValue(null, undefined)).toBe('–'); // results written before the rule: no reason recorded
  });

  it('toCsv quotes cells with commas, quotes and line breaks', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [1.5, null]])).toBe('a,b\n"x,y","say ""hi"""\n1.5,\n');
  });

  it('histogram bins probabilities over [0, 1] with 1 in the last bin', () => {
    expect(histogram([0, 0.05, 0.1, 0.55, 0.999, 1], 10).counts).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
});
