import {
  Concordance,
  ScoreAtHorizon,
  brierScoreAt,
  calibrationAtHorizon,
  harrellC,
  integratedBrierScore,
  normalQuantile,
  nullBrierScoreAt,
  riskGroupCutoffs,
  riskGroupSurvival,
  survivalDecisionCurve,
  survivalCalibrationSlope,
  timeDependentAuc,
  unoC,
} from '@radsweep/metrics';
import type { EstimateWithCi, SurvivalTestMetrics } from './survival-results';

/** Risk thresholds of the decision curves: 1 % to 99 % by 1 %. */
const DECISION_THRESHOLDS = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);

/** Everything a refit survival model predicted for the test part. */
export interface SurvivalTestInput {
  time: Float64Array;
  event: Uint8Array;
  /** Risk score of each test patient. */
  risk: Float64Array;
  /** S(times[k] | x_i) at [i * times.length + k]. */
  survival: Float64Array;
  times: number[];
  horizons: number[];
  /** Evenly spaced times of the integrated Brier score (a subset of `times`); empty = none (a classifier at one horizon). */
  ibsTimes: number[];
  /** Risk score of each training patient (the risk-group cut-offs), or the cut-offs themselves (`riskGroupCutoffs`, a locked model's). */
  trainingRisk?: Float64Array;
  riskGroupCutoffs?: Float64Array;
  riskGroups: 'median' | 'tertiles';
  calibrationBins: number;
}

/**
 * The test metrics of one survival model, each from @radsweep/metrics (equal to R on the reference):
 * Harrell's and Uno's C with their SEs; at each horizon td-AUC, Brier (model and Kaplan-Meier null),
 * calibration by risk groups and the decision curve (net benefit, Vickers' stdca) of the predicted risk
 * 1 - S(h); td-AUC over the integrated Brier score's times; the integrated Brier score; the calibration slope of the risk score; risk groups cut at the
 * training cohort's median or tertiles.
 */
export function computeSurvivalTestMetrics(input: SurvivalTestInput): SurvivalTestMetrics {
  const { time, event, risk } = input;
  const riskAt = (t: number) => riskAtTime(input, t);
  const tau = input.horizons[input.horizons.length - 1];
  const slope = survivalCalibrationSlope(time, event, risk);
  const groups = riskGroupSurvival(time, event, risk, input.riskGroupCutoffs ?? riskGroupCutoffs(input.trainingRisk!, input.riskGroups));
  const ibs = input.ibsTimes.length > 0 ? integratedBrierScore(time, event, input.ibsTimes.map(riskAt), input.ibsTimes) : null;
  return {
    n: time.length,
    events: event.reduce((s, e) => s + e, 0),
    harrellC: withCi(harrellC(time, event, risk)),
    unoC: { ...withCi(unoC(time, event, risk, tau)), tau },
    atHorizon: input.horizons.map((h) => {
      const r = riskAt(h);
      return {
        horizon: h,
        auc: estimate(timeDependentAuc(time, event, r, h)),
        brier: estimate(brierScoreAt(time, event, r, h)),
        nullBrier: estimate(nullBrierScoreAt(time, event, h)),
        decisionCurve: survivalDecisionCurve(time, event, r, h, DECISION_THRESHOLDS).map((d) => ({ threshold: d.threshold, model: d.model, treatAll: d.treatAll })),
        calibration: calibrationAtHorizon(time, event, r, h, input.calibrationBins).map((g) => ({
          group: g.group,
          n: g.n,
          meanPredictedRisk: g.meanPredictedRisk,
          observedRisk: g.observedRisk,
          observedLower: g.observedLower,
          observedUpper: g.observedUpper,
        })),
      };
    }),
    ibs: ibs ? { estimate: ibs.ibs, nullEstimate: ibs.nullIbs, times: input.ibsTimes } : null,
    aucOverTime: input.ibsTimes.filter((t) => scorable(time, event, t)).map((t) => ({ time: t, ...estimate(timeDependentAuc(time, event, riskAt(t), t)) })),
    calibrationSlope: { slope: slope.slope, stdErr: slope.stdErr },
    riskGroups: {
      split: input.riskGroups,
      cutoffs: Array.from(groups.cutoffs),
      groups: groups.curves.map((km, g) => ({
        group: g,
        n: groups.group.reduce((s, v) => s + Number(v === g), 0),
        events: groups.group.reduce((s, v, i) => s + Number(v === g && event[i] === 1), 0),
        km: km ? { time: Array.from(km.time), survival: Array.from(km.survival), nRisk: Array.from(km.nRisk) } : null,
      })),
      logRank: groups.logRank ? { chiSquare: groups.logRank.chiSquare, df: groups.logRank.df, pValue: groups.logRank.pValue } : null,
    },
  };
}

/** Predicted risk 1 - S(t | x_i) of every patient at one of the predicted times. */
function riskAtTime(input: SurvivalTestInput, t: number): Float64Array {
  const k = input.times.indexOf(t);
  if (k < 0) throw new Error(`survival was not predicted at time ${t}`);
  const K = input.times.length;
  // Clamped: exp(-H) can round a hair outside [0, 1].
  return Float64Array.from(input.risk, (_, i) => Math.min(1, Math.max(0, 1 - input.survival[i * K + k])));
}

/** A time with a case (event by it) and a control (followed beyond it): where a td-AUC exists. */
function scorable(time: Float64Array, event: Uint8Array, t: number): boolean {
  let cases = 0;
  let controls = 0;
  for (let i = 0; i < time.length; i++) {
    if (event[i] === 1 && time[i] <= t) cases++;
    else if (time[i] > t) controls++;
  }
  return cases > 0 && controls > 0;
}

/** A concordance with its Wald 95 % interval, clipped to [0, 1]. */
function withCi(c: Concordance): EstimateWithCi {
  const z = normalQuantile(0.975);
  return { estimate: c.concordance, stdErr: c.stdErr, lower: Math.max(0, c.concordance - z * c.stdErr), upper: Math.min(1, c.concordance + z * c.stdErr) };
}

function estimate(s: ScoreAtHorizon): EstimateWithCi {
  return { estimate: s.estimate, stdErr: s.stdErr, lower: s.lower, upper: s.upper };
}
