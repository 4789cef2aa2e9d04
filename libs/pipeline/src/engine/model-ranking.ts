import type { SurvivalModelResult } from './survival-results';
import type { ModelResult } from './results';

/**
 * How the models of one feature set are ranked and which one is chosen: by the
 * experiment's scoring on cross-validation of the training part (`scoring:
 * roc_auc`: the mean CV AUC of each model's best configuration), the way
 * `pickBest` chose each model's configuration. The test part never ranks: its
 * metrics are the estimate of the chosen model's performance on new patients.
 * Ties keep the spec's order; a model without a CV score (every configuration
 * failed) ranks last and is never chosen.
 */
export function byCvScore(a: ModelResult, b: ModelResult): number {
  const va = Number.isFinite(a.cv.auc.mean) ? a.cv.auc.mean : -Infinity;
  const vb = Number.isFinite(b.cv.auc.mean) ? b.cv.auc.mean : -Infinity;
  return vb - va;
}

/** The models ranked by CV score (a stable sort: ties in spec order). */
export function rankByCvScore(models: readonly ModelResult[]): ModelResult[] {
  return [...models].sort(byCvScore);
}

/** The model chosen by CV score, or null when no model has one. */
export function chosenByCvScore(models: readonly ModelResult[]): ModelResult | null {
  const top = rankByCvScore(models)[0];
  return top && Number.isFinite(top.cv.auc.mean) ? top : null;
}

/** The sentence stating how the chosen model was chosen and what its test metrics mean. */
export const CHOSEN_BY_CV_NOTE =
  'Models are ranked and the best is chosen by mean CV AUC on the training part (the experiment\'s scoring, roc_auc); ' +
  'the test metrics of the chosen model are the estimate of its performance on new patients, those of the other rows are for reference, not for choosing.';

/** Anything with a survival model's CV score (a SurvivalModelResult, or a stored row carrying its mean). */
export interface CvCIndexScored {
  cv: { cIndex: Pick<SurvivalModelResult['cv']['cIndex'], 'mean'> };
}

/** A survival model's CV score: the mean CV Harrell's C of its best configuration (-Infinity without one). */
function cvCIndex(m: CvCIndexScored): number {
  return Number.isFinite(m.cv.cIndex.mean) ? m.cv.cIndex.mean : -Infinity;
}

/**
 * Survival models of one endpoint x feature set ranked by mean CV Harrell's C (`scoring: harrell_c`), the way
 * each model's configuration was chosen; a stable sort (ties in spec order). The test part never ranks.
 */
export function rankByCvCIndex<T extends CvCIndexScored>(models: readonly T[]): T[] {
  return [...models].sort((a, b) => cvCIndex(b) - cvCIndex(a));
}

/** The survival model chosen by mean CV C-index, or null when no model has one. */
export function chosenByCvCIndex<T extends CvCIndexScored>(models: readonly T[]): T | null {
  const top = rankByCvCIndex(models)[0];
  return top && cvCIndex(top) > -Infinity ? top : null;
}

/** The sentence stating how the chosen survival model was chosen and what its test metrics mean. */
export const CHOSEN_BY_CV_C_NOTE =
  "Models are ranked and the best is chosen by mean CV Harrell's C on the training part (the experiment's scoring, harrell_c), per endpoint and feature set; " +
  'the test metrics of the chosen model are the estimate of its performance on new patients, those of the other rows are for reference, not for choosing.';
