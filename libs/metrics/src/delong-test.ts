import { RadSweepInputError } from '@radsweep/core';
import { delongCovariance, delongPlacements } from './delong-placements';
import { normalCdf } from './normal-distribution';

/** Result of DeLong's paired test of two AUCs. */
export interface DelongTestResult {
  readonly aucA: number;
  readonly aucB: number;
  /** z = (AUC_a - AUC_b) / sqrt(Var_a + Var_b - 2 Cov_ab). */
  readonly z: number;
  /** Two-sided p = 2 Phi(-|z|). */
  readonly pValue: number;
}

/**
 * DeLong's test for two correlated ROC AUCs (two models scored on the same patients, labels `y`):
 * z = (AUC_a - AUC_b) / sqrt(L S L'), L = (1, -1), S the DeLong covariance matrix of the two AUCs;
 * two-sided p = 2 Phi(-|z|). When both AUCs are equal and the variance is 0, z = 0 (as pROC).
 * Reference: DeLong et al. 1988; pROC::roc.test(method = 'delong', paired = TRUE).
 */
export function delongTest(y: Uint8Array, scoresA: Float64Array, scoresB: Float64Array): DelongTestResult {
  if (scoresA.length !== scoresB.length) {
    throw new RadSweepInputError(`delongTest: model A has ${scoresA.length} scores, model B ${scoresB.length}; a paired test needs the same patients`, 'scoresB');
  }
  const a = delongPlacements(y, scoresA, 'delongTest');
  const b = delongPlacements(y, scoresB, 'delongTest');
  const variance = delongCovariance(a, a) + delongCovariance(b, b) - 2 * delongCovariance(a, b);
  let z = (a.auc - b.auc) / Math.sqrt(variance);
  if (Number.isNaN(z) && a.auc === b.auc) z = 0;
  return { aucA: a.auc, aucB: b.auc, z, pValue: 2 * normalCdf(-Math.abs(z)) };
}
