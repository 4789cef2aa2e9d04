import { RadSweepInputError } from '@radsweep/core';
import { percentileOfSorted } from '../percentile';
import { kaplanMeierAt, kaplanMeierOf } from './kaplan-meier';
import { checkHorizon, checkProbabilities, checkSurvival } from './survival-input';

/** One risk group of a calibration plot at a horizon. */
export interface SurvivalCalibrationGroup {
  /** 1-based group number, lowest predicted risk first. */
  readonly group: number;
  /** Risk interval of the group: [lower, upper] for the first, (lower, upper] for the others. */
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
  readonly meanPredictedRisk: number;
  /** 1 - KM(horizon) of the group; NaN for an empty group. */
  readonly observedRisk: number;
  /** 1 - the upper / lower log-scale 95 % limit of KM(horizon). */
  readonly observedLower: number;
  readonly observedUpper: number;
}

/**
 * Calibration at a horizon: patients grouped by quantiles of the predicted risk r_i = P(T_i <= t | x_i)
 * (edges = R's quantile(risk, 0:G / G), type 7, groups as cut(..., include.lowest = TRUE)); per group the
 * mean predicted risk against the observed risk 1 - KM(t) of the group's patients (Kaplan-Meier handles
 * the censoring), with the Kaplan-Meier log-scale interval turned into risk. Default 10 groups (deciles).
 * Reference: Royston & Altman, BMC Med Res Methodol 13:33, 2013 (external validation of a Cox model);
 * the decile table of shared/reference/survival/rotterdam-gbsg.json (`calibration_5y`).
 */
export function calibrationAtHorizon(
  time: Float64Array,
  event: Uint8Array,
  risk: Float64Array,
  horizon: number,
  groups = 10,
): SurvivalCalibrationGroup[] {
  checkSurvival('calibrationAtHorizon', time, event);
  checkProbabilities('calibrationAtHorizon', 'risk', risk, time.length);
  checkHorizon('calibrationAtHorizon', horizon, time);
  if (!Number.isInteger(groups) || groups < 1) throw new RadSweepInputError(`calibrationAtHorizon: groups must be a positive integer, got ${groups}`, 'groups');
  const sorted = Float64Array.from(risk).sort();
  const edges = Float64Array.from({ length: groups + 1 }, (_, k) => percentileOfSorted(sorted, (100 * k) / groups));
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < risk.length; i++) {
    let g = 0;
    while (g + 1 < groups && edges[g + 1] < risk[i]) g++;
    members[g].push(i);
  }
  return members.map((rows, g) => {
    const base = { group: g + 1, lower: edges[g], upper: edges[g + 1], n: rows.length };
    if (rows.length === 0) return { ...base, meanPredictedRisk: NaN, observedRisk: NaN, observedLower: NaN, observedUpper: NaN };
    const km = kaplanMeierAt(kaplanMeierOf(time, event, rows), horizon);
    return {
      ...base,
      meanPredictedRisk: rows.reduce((s, i) => s + risk[i], 0) / rows.length,
      observedRisk: 1 - km.survival,
      observedLower: 1 - km.upper,
      observedUpper: 1 - km.lower,
    };
  });
}
