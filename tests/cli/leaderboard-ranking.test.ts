import { describe, expect, it } from 'vitest';
import type { ExperimentResults, ModelResult } from '@radsweep/pipeline';
import { formatLeaderboards } from '../../apps/cli/src/leaderboard';

/** A model row with the fields the leaderboard prints: a CV AUC and a test AUC. */
function model(label: string, cvAuc: number, testAuc: number): ModelResult {
  return {
    model: label.toLowerCase(),
    label,
    bestParams: {},
    bestConfigIndex: 0,
    refitParams: {},
    cv: { auc: { mean: cvAuc, sd: 0.01 }, perConfig: [] },
    test: { n: 100, positives: 40, threshold: 0.5, auc: testAuc, aucCi: { level: 0.95, bootstrap: null, delong: null }, accuracy: 0.8, precision: 0.7, recall: 0.7, specificity: 0.85, brier: 0.15, singleClassPrediction: null },
    roc: null,
    calibration: null,
    selectedFeatures: [],
    predictions: [],
    oofPredictions: [],
    timings: { cvFitMs: 0, refitMs: 0 },
  } as unknown as ModelResult;
}

/** Results of one feature set whose models rank differently by CV and by test AUC (the Bernoulli NB: CV 0.534, test 0.840). */
function results(models: ModelResult[]): ExperimentResults {
  return {
    leaky: false,
    dataset: { labelColumn: 'label', positiveClass: 1 },
    featureSets: [{ name: 'all', features: ['a', 'b'], classBalance: { train: { n: 300, positives: 120 }, test: { n: 100, positives: 40 } }, selection: { steps: [], selectedFeatures: [] }, models }],
  } as unknown as ExperimentResults;
}

describe('CLI leaderboard', () => {
  it('sorts by mean CV AUC and marks BEST the CV choice, not the best test AUC, with the sentence saying what the test column is', () => {
    const text = formatLeaderboards(results([model('Bernoulli NB', 0.534, 0.84), model('Logistic Regression', 0.91, 0.8), model('SVM', 0.88, 0.82)]));
    const rows = text.split('\n').filter((l) => /^(Bernoulli NB|Logistic Regression|SVM) /.test(l));
    expect(rows.map((l) => l.split('  ')[0])).toEqual(['Logistic Regression', 'SVM', 'Bernoulli NB']);
    expect(rows[0]).toMatch(/BEST \(CV\)$/);
    expect(rows.slice(1).some((l) => l.includes('BEST'))).toBe(false);
    expect(text).toMatch(/the test metrics of the chosen model are the estimate of its performance on new patients/);
  });

  it('never marks BEST a model without a CV score; ties keep the spec order', () => {
    const failed = { ...model('Broken', Number.NaN, 0.99), test: null, error: 'every configuration failed' } as ModelResult;
    const text = formatLeaderboards(results([failed, model('First', 0.9, 0.7), model('Second', 0.9, 0.95)]));
    const best = text.split('\n').filter((l) => l.includes('BEST (CV)'));
    expect(best).toHaveLength(1);
    expect(best[0]).toMatch(/^First /);
  });
});
