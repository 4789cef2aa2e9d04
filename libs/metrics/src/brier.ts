import { checkLabelsAndScores } from './validate';

/**
 * Brier score = (1/n) sum_i (p_i - y_i)^2, the mean squared error of the predicted probability of
 * the positive class (0 is perfect; 0.25 for p = 0.5 everywhere).
 * Reference: Brier, Monthly Weather Review 78, 1950; sklearn.metrics.brier_score_loss.
 */
export function brierScore(y: Uint8Array, p: Float64Array): number {
  checkLabelsAndScores('brierScore', y, p);
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const d = p[i] - y[i];
    sum += d * d;
  }
  return sum / y.length;
}
