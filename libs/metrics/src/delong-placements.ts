import { RadSweepInputError } from '@radsweep/core';
import { ascendingOrder } from './score-order';
import { checkLabelsAndScores, requireBothClasses } from './validate';

/**
 * DeLong's structural components ("placement values") of one model's AUC, positive class = label 1:
 * for positive i, V10_i = (1/n-) sum_j psi(s_i, s_j) over negatives j; for negative j,
 * V01_j = (1/n+) sum_i psi(s_i, s_j) over positives i; psi(a, b) = 1 if a > b, 1/2 if a = b, else 0.
 * AUC = mean(V10) = mean(V01). Arrays follow the data order of the positives / negatives, so two
 * models scored on the same patients have aligned components (needed for the paired test).
 */
export interface DelongPlacements {
  readonly auc: number;
  readonly positive: Float64Array;
  readonly negative: Float64Array;
}

/**
 * Placement values in O(n log n) from one sort of the scores (the idea of Sun & Xu 2014's fast DeLong,
 * with tie groups in place of midranks). References: DeLong, DeLong & Clarke-Pearson 1988; Sun & Xu,
 * IEEE Signal Processing Letters 21(11) 2014; pROC's delongPlacements.
 * Needs at least two positives and two negatives (the variance divides by n - 1).
 */
export function delongPlacements(y: Uint8Array, s: Float64Array, metric = 'delongPlacements'): DelongPlacements {
  const counts = checkLabelsAndScores(metric, y, s, 'score');
  requireBothClasses(metric, counts);
  if (counts.positives < 2 || counts.negatives < 2) {
    throw new RadSweepInputError(
      `${metric}: DeLong's variance needs at least 2 positives and 2 negatives, got ${counts.positives} and ${counts.negatives}`,
      'labels',
    );
  }
  const m = counts.positives;
  const n = counts.negatives;
  // position of each patient among its own class, in data order
  const within = new Uint32Array(y.length);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) within[i] = y[i] === 1 ? a++ : b++;

  const positive = new Float64Array(m);
  const negative = new Float64Array(n);
  const order = ascendingOrder(s);
  let negativesBelow = 0;
  let positivesBelow = 0;
  for (let i = 0; i < order.length; ) {
    const value = s[order[i]];
    let groupPos = 0;
    let groupNeg = 0;
    let j = i;
    for (; j < order.length && s[order[j]] === value; j++) {
      if (y[order[j]] === 1) groupPos++;
      else groupNeg++;
    }
    const v10 = (negativesBelow + 0.5 * groupNeg) / n;
    const v01 = (m - positivesBelow - groupPos + 0.5 * groupPos) / m;
    for (let k = i; k < j; k++) {
      const idx = order[k];
      if (y[idx] === 1) positive[within[idx]] = v10;
      else negative[within[idx]] = v01;
    }
    negativesBelow += groupNeg;
    positivesBelow += groupPos;
    i = j;
  }
  let sum = 0;
  for (let i = 0; i < m; i++) sum += positive[i];
  return { auc: sum / m, positive, negative };
}

/**
 * DeLong's covariance of two AUCs on the same patients (variance when a = b):
 * Cov = S10 / n+ + S01 / n-, S10 = sum_i (V10a_i - AUCa)(V10b_i - AUCb) / (n+ - 1), S01 likewise over negatives.
 * Reference: DeLong et al. 1988, eq. for S; pROC's ci_auc_delong and delong.paired.test.
 */
export function delongCovariance(a: DelongPlacements, b: DelongPlacements): number {
  const m = a.positive.length;
  const n = a.negative.length;
  let s10 = 0;
  for (let i = 0; i < m; i++) s10 += (a.positive[i] - a.auc) * (b.positive[i] - b.auc);
  let s01 = 0;
  for (let j = 0; j < n; j++) s01 += (a.negative[j] - a.auc) * (b.negative[j] - b.auc);
  return s10 / (m - 1) / m + s01 / (n - 1) / n;
}
