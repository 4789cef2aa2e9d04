import {
  aucCiBootstrap,
  aucCiDelong,
  brierScore,
  calibrationCurve,
  classificationMetrics,
  logisticCalibration,
  rocAuc,
  rocCurve,
} from '@radsweep/metrics';
import type { MetricsSettings } from '../experiment/spec';
import type { ModelResult, TestMetrics } from './results';

/**
 * Every test metric of one model from its test labels and probabilities, with
 * the experiment's threshold, bootstrap count and calibration bins. The AUC's
 * bootstrap CI resamples all test patients with replacement and skips one-class
 * resamples (the protocol's scikit-learn reference does the same), seeded by the
 * experiment seed; the DeLong CI is pROC's.
 */
export function computeTestMetrics(
  y: Uint8Array,
  p: Float64Array,
  settings: MetricsSettings,
  seed: number,
): { test: TestMetrics; roc: NonNullable<ModelResult['roc']>; calibration: NonNullable<ModelResult['calibration']> } {
  const cls = classificationMetrics(y, p, settings.threshold, 'gt');
  const level = 0.95;
  const boot = settings.bootstrap > 0 ? aucCiBootstrap(y, p, { resamples: settings.bootstrap, seed, level, stratified: false }) : null;
  const delong = safe(() => aucCiDelong(y, p, level));
  const curve = rocCurve(y, p);
  const bins = calibrationCurve(y, p, { bins: settings.calibrationBins, strategy: 'uniform' });
  const calibrated = logisticCalibration(y, p);
  let positives = 0;
  for (const v of y) positives += v;
  const test: TestMetrics = {
    n: y.length,
    positives,
    threshold: settings.threshold,
    auc: rocAuc(y, p),
    aucCi: {
      level,
      bootstrap: boot && {
        lower: boot.lower,
        upper: boot.upper,
        resamples: boot.resamples,
        validResamples: boot.validResamples,
        seed: boot.seed,
        stratified: boot.stratified,
      },
      delong: delong && { lower: delong.lower, upper: delong.upper, se: delong.se },
    },
    accuracy: cls.accuracy,
    precision: cls.precision,
    recall: cls.recall,
    specificity: cls.specificity,
    f1: cls.f1,
    balancedAccuracy: cls.balancedAccuracy,
    mcc: cls.mcc,
    brier: brierScore(y, p),
    calibrationSlope: calibrated.slope,
    calibrationIntercept: calibrated.intercept,
    calibrationUndefined: calibrated.undefined,
    singleClassPrediction: cls.singleClassPrediction,
    confusion: { tp: cls.confusion.tp, fp: cls.confusion.fp, tn: cls.confusion.tn, fn: cls.confusion.fn },
  };
  return {
    test,
    roc: { fpr: Array.from(curve.fpr), tpr: Array.from(curve.tpr), threshold: Array.from(curve.thresholds) },
    calibration: {
      meanPredicted: bins.map((b) => b.meanPredicted),
      observed: bins.map((b) => b.observed),
      count: bins.map((b) => b.count),
    },
  };
}

/** DeLong needs 2 patients of each class; with fewer the interval is absent rather than fatal. */
function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
