import { Rng } from '@radsweep/core';
import { brierScore, calibrationIntercept, calibrationSlope, decisionCurve, percentileOfSorted } from '@radsweep/metrics';
import { computeTestMetrics } from '../engine/test-metrics';
import type { MetricsSettings } from '../experiment/spec';

/** Risk thresholds of the decision curve: 1 % to 99 % by 1 %. */
const DECISION_THRESHOLDS = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);

export interface PercentileCi {
  lower: number;
  upper: number;
  level: number;
  /** Resamples with both classes (and, for the slope, a finite estimate) that the interval is taken over. */
  validResamples: number;
}

/**
 * Every leaderboard metric of binary predictions on one cohort: the run's test metrics (AUC with
 * DeLong and bootstrap CIs, threshold metrics, Brier, calibration intercept (in the large) and slope,
 * calibration curve, ROC curve), the decision curve, and percentile bootstrap CIs of the Brier score
 * and the calibration intercept and slope (the same seeded resamples of patients).
 */
export function binaryCohortMetrics(y: Uint8Array, p: Float64Array, settings: MetricsSettings, seed: number) {
  const metrics = computeTestMetrics(y, p, settings, seed);
  return {
    ...metrics,
    decisionCurve: decisionCurve(y, p, DECISION_THRESHOLDS),
    ci: settings.bootstrap > 0 ? bootstrapCalibrationCis(y, p, settings.bootstrap, seed) : null,
  };
}

export type BinaryCohortMetrics = ReturnType<typeof binaryCohortMetrics>;

function bootstrapCalibrationCis(y: Uint8Array, p: Float64Array, resamples: number, seed: number) {
  const rng = new Rng(seed);
  const n = y.length;
  const brier: number[] = [];
  const intercept: number[] = [];
  const slope: number[] = [];
  const yb = new Uint8Array(n);
  const pb = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const r = rng.int(n);
      yb[i] = y[r];
      pb[i] = p[r];
      pos += y[r];
    }
    if (pos === 0 || pos === n) continue;
    brier.push(brierScore(yb, pb));
    const a = calibrationIntercept(yb, pb);
    if (Number.isFinite(a)) intercept.push(a);
    const s = calibrationSlope(yb, pb);
    if (Number.isFinite(s)) slope.push(s);
  }
  return { brier: interval(brier), calibrationIntercept: interval(intercept), calibrationSlope: interval(slope), resamples, seed };
}

function interval(values: number[], level = 0.95): PercentileCi {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return { lower: NaN, upper: NaN, level, validResamples: 0 };
  const tail = (1 - level) / 2;
  return { lower: percentileOfSorted(sorted, tail * 100), upper: percentileOfSorted(sorted, (1 - tail) * 100), level, validResamples: sorted.length };
}
