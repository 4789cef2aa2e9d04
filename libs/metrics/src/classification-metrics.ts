import { confusionCounts, type ConfusionCounts, type ThresholdRule } from './confusion';
import { accuracy, balancedAccuracy, f1, mcc, precision, recall, specificity } from './confusion-rates';

/** Every threshold metric of one model on one set of patients (positive class = label 1). */
export interface ClassificationMetrics {
  readonly threshold: number;
  readonly rule: ThresholdRule;
  readonly n: number;
  readonly confusion: ConfusionCounts;
  readonly nPredictedPositive: number;
  readonly accuracy: number;
  readonly precision: number;
  /** Recall = sensitivity. */
  readonly recall: number;
  readonly sensitivity: number;
  readonly specificity: number;
  readonly f1: number;
  readonly balancedAccuracy: number;
  readonly mcc: number;
  /** The class predicted for every patient when the model predicts a single class; else null. */
  readonly singleClassPrediction: null | 0 | 1;
}

/**
 * Accuracy, precision, recall/sensitivity, specificity, F1, balanced accuracy and MCC at one threshold,
 * plus the flag for a model that predicts one class for every patient (the study's BernoulliNB and QDA).
 * Defaults: threshold 0.5 with rule 'gt' (predicted positive when p > 0.5, scikit-learn's predict).
 * Formulas: see confusion-rates.ts. Reference: sklearn.metrics, scikit-learn 1.2.
 */
export function classificationMetrics(y: Uint8Array, p: Float64Array, threshold = 0.5, rule: ThresholdRule = 'gt'): ClassificationMetrics {
  const c = confusionCounts(y, p, threshold, rule);
  const n = y.length;
  const nPredictedPositive = c.tp + c.fp;
  const r = recall(c);
  return {
    threshold,
    rule,
    n,
    confusion: c,
    nPredictedPositive,
    accuracy: accuracy(c),
    precision: precision(c),
    recall: r,
    sensitivity: r,
    specificity: specificity(c),
    f1: f1(c),
    balancedAccuracy: balancedAccuracy(c),
    mcc: mcc(c),
    singleClassPrediction: nPredictedPositive === 0 ? 0 : nPredictedPositive === n ? 1 : null,
  };
}
