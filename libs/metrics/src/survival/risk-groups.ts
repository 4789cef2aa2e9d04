import { RadSweepInputError } from '@radsweep/core';
import { percentileOfSorted } from '../percentile';
import { KaplanMeierCurve, kaplanMeierOf } from './kaplan-meier';
import { LogRankTest, logRankTest } from './log-rank-test';
import { checkPerPatient, checkSurvival } from './survival-input';

/** How the training cohort's risk scores are cut: at the median (2 groups) or at the tertiles (3 groups). */
export type RiskGroupSplit = 'median' | 'tertiles';

/**
 * Cut-offs for risk groups, fitted on the TRAINING cohort's risk scores (so a validation cohort is split
 * by the model's own thresholds, never by its own distribution): the median, or the 1/3 and 2/3
 * quantiles (R's quantile, type 7; the median of an even count is the mean of the two middle values).
 */
export function riskGroupCutoffs(trainingScores: Float64Array, split: RiskGroupSplit = 'median'): Float64Array {
  checkPerPatient('riskGroupCutoffs', 'trainingScores', trainingScores, trainingScores.length);
  if (trainingScores.length === 0) throw new RadSweepInputError('riskGroupCutoffs: no training scores', 'trainingScores');
  const sorted = Float64Array.from(trainingScores).sort();
  if (split === 'median') return Float64Array.of(percentileOfSorted(sorted, 50));
  if (split === 'tertiles') return Float64Array.of(percentileOfSorted(sorted, 100 / 3), percentileOfSorted(sorted, 200 / 3));
  throw new RadSweepInputError(`riskGroupCutoffs: split must be 'median' or 'tertiles', got '${split}'`, 'split');
}

/** Group of each patient: the number of cut-offs strictly below its score (0 = lowest risk). */
export function assignRiskGroups(scores: Float64Array, cutoffs: Float64Array): Int32Array {
  return Int32Array.from(scores, (s) => {
    let g = 0;
    while (g < cutoffs.length && s > cutoffs[g]) g++;
    return g;
  });
}

/** Risk groups of a cohort with their Kaplan-Meier curves and the log-rank test between them. */
export interface RiskGroupSurvival {
  readonly cutoffs: Float64Array;
  /** Group of each patient (0 = lowest risk). */
  readonly group: Int32Array;
  /** One curve per group, lowest risk first; null for a group without patients. */
  readonly curves: Array<KaplanMeierCurve | null>;
  /** Log-rank test across the non-empty groups; null when fewer than two are non-empty. */
  readonly logRank: LogRankTest | null;
}

/**
 * Splits a cohort by training cut-offs (score > cut-off = higher group), with each group's Kaplan-Meier
 * curve (numbers at risk included) and the log-rank test (R survdiff) across groups.
 */
export function riskGroupSurvival(time: Float64Array, event: Uint8Array, scores: Float64Array, cutoffs: Float64Array): RiskGroupSurvival {
  checkSurvival('riskGroupSurvival', time, event);
  checkPerPatient('riskGroupSurvival', 'scores', scores, time.length);
  const group = assignRiskGroups(scores, cutoffs);
  const curves: Array<KaplanMeierCurve | null> = [];
  for (let g = 0; g <= cutoffs.length; g++) {
    const rows: number[] = [];
    group.forEach((v, i) => v === g && rows.push(i));
    curves.push(rows.length === 0 ? null : kaplanMeierOf(time, event, rows));
  }
  const nonEmpty = curves.filter((c) => c !== null).length;
  return { cutoffs, group, curves, logRank: nonEmpty >= 2 ? logRankTest(time, event, group) : null };
}
