import type { ConfusionCounts } from './confusion';

/*
 * Rates from a confusion matrix (positive class = label 1). A rate whose denominator is 0 is
 * reported as 0, as scikit-learn does with zero_division=0 (its default "warn" also returns 0).
 * Reference: sklearn.metrics (accuracy_score, precision_score, recall_score, f1_score,
 * balanced_accuracy_score, matthews_corrcoef), scikit-learn 1.2.
 */

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/** Accuracy = (TP + TN) / n. */
export const accuracy = (c: ConfusionCounts): number => ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn);

/** Precision (positive predictive value) = TP / (TP + FP); 0 when nothing is predicted positive. */
export const precision = (c: ConfusionCounts): number => ratio(c.tp, c.tp + c.fp);

/** Recall = sensitivity = true-positive rate = TP / (TP + FN); 0 when there is no positive patient. */
export const recall = (c: ConfusionCounts): number => ratio(c.tp, c.tp + c.fn);

/** Specificity = true-negative rate = TN / (TN + FP); 0 when there is no negative patient. */
export const specificity = (c: ConfusionCounts): number => ratio(c.tn, c.tn + c.fp);

/** F1 = 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall; 0 when TP = FP = FN = 0. */
export const f1 = (c: ConfusionCounts): number => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);

/** Balanced accuracy = (recall + specificity) / 2 (scikit-learn's adjusted=False). */
export const balancedAccuracy = (c: ConfusionCounts): number => (recall(c) + specificity(c)) / 2;

/**
 * Matthews correlation coefficient = (TP TN - FP FN) / sqrt((TP + FP)(TP + FN)(TN + FP)(TN + FN));
 * 0 when any factor of the denominator is 0 (as scikit-learn). Matthews 1975.
 */
export function mcc(c: ConfusionCounts): number {
  const den = (c.tp + c.fp) * (c.tp + c.fn) * (c.tn + c.fp) * (c.tn + c.fn);
  return den === 0 ? 0 : (c.tp * c.tn - c.fp * c.fn) / Math.sqrt(den);
}
