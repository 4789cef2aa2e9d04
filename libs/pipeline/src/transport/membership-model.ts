import { Matrix, RadSweepInputError, takeLabels, takeRows } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { rocAuc } from '@radsweep/metrics';
import { MedianImputer, StandardScaler } from '../steps';
import { stratifiedKFold } from '../splitters';

export const MEMBERSHIP_MODEL =
  'L2 logistic regression (C = 1) on the features, median-imputed and z-scored within each training fold; ' +
  'seeded stratified k-fold cross-validation; AUC of the out-of-fold probabilities of belonging to the external cohort';

export interface MembershipResult {
  /** Out-of-fold ROC AUC of external (1) vs development (0): 0.5 = indistinguishable, 1 = fully separable. */
  auc: number;
  folds: number;
  seed: number;
  /** Out-of-fold P(external) of each row (development rows first, then external rows). */
  oofProbability: Float64Array;
  model: string;
}

/**
 * How distinguishable two cohorts are from their features: a cross-validated logistic regression
 * predicting cohort membership. Each fold's imputer, scaler and model are fitted on that fold's training
 * rows only; no outcome is used. `x` holds the development rows then the external rows.
 */
export function membershipAuc(x: Matrix, developmentRows: number, options: { seed: number; folds?: number }): MembershipResult {
  const folds = options.folds ?? 5;
  const n = x.rows;
  const external = n - developmentRows;
  if (developmentRows < folds || external < folds) {
    throw new RadSweepInputError(`the membership model needs at least ${folds} rows per cohort (development ${developmentRows}, external ${external})`, 'transportability');
  }
  const member = Uint8Array.from({ length: n }, (_, i) => (i < developmentRows ? 0 : 1));
  const fold = stratifiedKFold(member, folds, options.seed, true);
  const oof = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const fit = Int32Array.from([...fold.keys()].filter((i) => fold[i] !== f));
    const held = Int32Array.from([...fold.keys()].filter((i) => fold[i] === f));
    const yFit = takeLabels(member, fit);
    const imputer = new MedianImputer().fit(takeRows(x, fit), yFit);
    const scaler = new StandardScaler().fit(imputer.transform(takeRows(x, fit)), yFit);
    const prep = (rows: Int32Array) => scaler.transform(imputer.transform(takeRows(x, rows)));
    const model = createClassifier('logistic_regression', { C: 1, max_iter: 1000 }, options.seed).fit(prep(fit), yFit);
    const proba = model.predictProba(prep(held));
    held.forEach((r, k) => (oof[r] = proba[k]));
  }
  return { auc: rocAuc(member, oof), folds, seed: options.seed, oofProbability: oof, model: MEMBERSHIP_MODEL };
}
