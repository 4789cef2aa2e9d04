import { checkLabelsAndScores } from './validate';

/**
 * How a probability becomes a predicted class at a threshold t:
 * - 'gt': positive when p > t. scikit-learn's `predict` for the protocol's models is
 *   `predict_proba[:, 1] > 0.5` (the references record `predict_equals_proba_gt_0.5`), so this is the default;
 * - 'ge': positive when p >= t (the decision-curve convention, Vickers & Elkin 2006).
 */
export type ThresholdRule = 'gt' | 'ge';

/** The 2 x 2 confusion matrix, positive class = label 1. Counts of patients. */
export interface ConfusionCounts {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/**
 * Confusion counts of labels `y` (0/1) against predictions `p > threshold` (or `p >= threshold`).
 * Defaults: threshold 0.5, rule 'gt' (scikit-learn's predict). Reference: sklearn.metrics.confusion_matrix.
 */
export function confusionCounts(y: Uint8Array, p: Float64Array, threshold = 0.5, rule: ThresholdRule = 'gt'): ConfusionCounts {
  checkLabelsAndScores('confusionCounts', y, p);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const predictedPositive = rule === 'gt' ? p[i] > threshold : p[i] >= threshold;
    if (predictedPositive) {
      if (y[i] === 1) tp++;
      else fp++;
    } else if (y[i] === 1) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}
