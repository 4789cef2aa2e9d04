import { aucFromOrder, ascendingOrder } from './score-order';
import { checkLabelsAndScores, requireBothClasses } from './validate';

/**
 * Area under the ROC curve, positive class = label 1, higher score = more likely positive:
 * AUC = P(s+ > s-) + 1/2 P(s+ = s-) over all positive/negative pairs (Mann-Whitney U / (n+ n-)),
 * which equals the trapezoidal area under the ROC curve with tied scores as one point.
 * Reference: sklearn.metrics.roc_auc_score; pROC::auc with direction '<'; Hanley & McNeil 1982.
 * Throws RadSweepInputError unless both classes are present.
 */
export function rocAuc(y: Uint8Array, s: Float64Array): number {
  requireBothClasses('rocAuc', checkLabelsAndScores('rocAuc', y, s, 'score'));
  return aucFromOrder(ascendingOrder(s), s, y);
}
