import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix } from '@radsweep/core';
import { LassoSelector, MedianImputer, StandardScaler, WelchTTestSelector } from '../../libs/pipeline/src/steps';
import { SWEEPS, maxRelativeError, sweepTrainingPart } from './steps-reference-fixture';

/**
 * The learned steps on the training part of each scikit-learn sweep reproduce its
 * `selection_on_training_part`: SimpleImputer(median) -> StandardScaler -> Welch t-test
 * (p < 0.05) -> LassoCV(10) (see the sweep's `settings`).
 */
describe.each(SWEEPS)('selection on the training part of $file', (sweep) => {
  let f: Awaited<ReturnType<typeof sweepTrainingPart>>;
  let imputer: MedianImputer;
  let xz: Matrix;
  let ttest: WelchTTestSelector;
  let lasso: LassoSelector;
  let ttestNames: string[];

  beforeAll(async () => {
    f = await sweepTrainingPart(sweep);
    imputer = new MedianImputer().fit(f.x, f.y);
    const filled = imputer.transform(f.x);
    xz = new StandardScaler().fit(filled, f.y).transform(filled);
    ttest = new WelchTTestSelector().fit(xz, f.y);
    ttestNames = Array.from(ttest.report().selected, (j) => f.features[j]);
    lasso = new LassoSelector().fit(ttest.transform(xz), f.y);
  });

  it('imputer medians equal scikit-learn exactly', () => {
    expect(f.sel.after_imputer).toBe(f.features.length);
    expect(Array.from(imputer.medians)).toEqual(f.features.map((c) => f.sel.imputer_medians[c]));
  });

  it('Welch t and p agree with scipy to 1e-9 relative', () => {
    expect(maxRelativeError(ttest.tStatistics, f.features.map((c) => f.sel.welch_t_all[c]))).toBeLessThan(1e-9);
    expect(maxRelativeError(ttest.report().scores, f.features.map((c) => f.sel.welch_p_all[c]))).toBeLessThan(1e-9);
  });

  it('the t-test keeps the same columns', () => {
    expect(ttestNames).toEqual(f.sel.ttest_selected);
    expect(ttest.report().fallbackUsed).toBe(f.sel.ttest_fallback_used);
  });

  it('LassoCV chooses the same alpha (1e-6 relative)', () => {
    expect(Math.abs(lasso.chosenAlpha / f.sel.lasso_alpha - 1)).toBeLessThan(1e-6);
  });

  it('LASSO keeps the same columns with the same coefficients (1e-4)', () => {
    const report = lasso.report();
    const names = Array.from(report.selected, (j) => ttestNames[j]);
    expect(names).toEqual(f.sel.selected);
    expect(report.fallbackUsed).toBe(f.sel.lasso_fallback_used);
    const expected = ttestNames.map((c) => f.sel.lasso_coef[c] ?? 0);
    const got = Array.from(lasso.coefficients);
    expect(Math.max(...got.map((c, j) => Math.abs(c - expected[j])))).toBeLessThan(1e-4);
  });
});
