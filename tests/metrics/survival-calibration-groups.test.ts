import { describe, expect, it } from 'vitest';
import {
  calibrationAtHorizon,
  kaplanMeier,
  netBenefit,
  riskGroupCutoffs,
  riskGroupSurvival,
  survivalAt,
  survivalCalibrationSlope,
  survivalDecisionCurve,
} from '@radsweep/metrics';
import { externalCohort, HORIZON, linearPredictor, readCohort, reference } from './survival-reference';

/**
 * Calibration by risk deciles and risk groups against the R reference on GBSG
 * (shared/reference/survival/rotterdam-gbsg.json: `calibration_5y`, `logrank_external`); the survival
 * decision curve against the binary net benefit it must reduce to without censoring; the calibration slope
 * (no R value in the reference) against the Cox fit's own optimality on the development cohort.
 */
const TOL = 1e-9;
const external = externalCohort();

describe('calibration at 5 years by deciles of predicted risk', () => {
  const groups = calibrationAtHorizon(external.time, external.event, external.risk5y, HORIZON);
  const ref: any[] = reference.calibration_5y;
  it('ten groups of the reference sizes', () => {
    expect(groups.map((g) => g.n)).toEqual(ref.map((r) => r.n));
  });
  ref.forEach((r, k) => {
    it(`decile ${r.decile}: mean predicted risk and observed 1 - KM(5 y)`, () => {
      expect(Math.abs(groups[k].meanPredictedRisk - r.mean_predicted_risk)).toBeLessThanOrEqual(TOL);
      expect(Math.abs(groups[k].observedRisk - r.observed_risk)).toBeLessThanOrEqual(TOL);
      expect(groups[k].observedLower).toBeLessThanOrEqual(groups[k].observedRisk);
      expect(groups[k].observedUpper).toBeGreaterThanOrEqual(groups[k].observedRisk);
    });
  });
});

describe('risk groups cut on the training cohort', () => {
  const training = linearPredictor(readCohort('rotterdam.csv'));
  it('median split: the reference cut, group sizes, KM per group and log-rank chi-square', () => {
    const cut = riskGroupCutoffs(training, 'median');
    expect(Math.abs(cut[0] - reference.logrank_external.cut_linear_predictor)).toBeLessThanOrEqual(TOL);
    const split = riskGroupSurvival(external.time, external.event, external.linearPredictor, cut);
    expect(split.curves[1]!.nRisk[0]).toBe(reference.logrank_external.n_high);
    expect(Math.abs(split.logRank!.chiSquare - reference.logrank_external.chisq)).toBeLessThanOrEqual(1e-6);
    // the high-risk group does worse at every horizon
    expect(survivalAt(split.curves[1]!, HORIZON)).toBeLessThan(survivalAt(split.curves[0]!, HORIZON));
  });
  it('tertiles: three ordered groups, a 2-df log-rank test', () => {
    const cut = riskGroupCutoffs(training, 'tertiles');
    expect(cut[0]).toBeLessThan(cut[1]);
    const low = training.filter((x) => x <= cut[0]).length;
    expect(Math.abs(low - training.length / 3)).toBeLessThanOrEqual(1);
    const split = riskGroupSurvival(external.time, external.event, external.linearPredictor, cut);
    expect(split.curves.length).toBe(3);
    expect(split.logRank!.df).toBe(2);
    const s = split.curves.map((c) => survivalAt(c!, HORIZON));
    expect(s[0]).toBeGreaterThan(s[1]);
    expect(s[1]).toBeGreaterThan(s[2]);
  });
});

describe('decision curve at a horizon (stdca)', () => {
  it('without censoring before the horizon it equals the binary net benefit of event-by-horizon', () => {
    // follow-up complete to the horizon: the KM risk is the observed fraction with an event by then
    const n = 40;
    const time = Float64Array.from({ length: n }, (_, i) => 10 + ((i * 37) % 50));
    const event = Uint8Array.from({ length: n }, (_, i) => (time[i] < 30 || i % 3 === 0 ? 1 : 0));
    const risk = Float64Array.from({ length: n }, (_, i) => 0.005 + ((i * 53) % 97) / 100);
    const y = Uint8Array.from({ length: n }, (_, i) => (event[i] === 1 && time[i] <= 30 ? 1 : 0));
    const thresholds = [0.053, 0.201, 0.407, 0.6105, 0.8];
    const curve = survivalDecisionCurve(time, event, risk, 30, thresholds);
    thresholds.forEach((t, k) => {
      expect(curve[k].model).toBeCloseTo(netBenefit(y, risk, t), 12);
      const prevalence = y.reduce((a, b) => a + b, 0) / n;
      expect(curve[k].treatAll).toBeCloseTo(prevalence - ((1 - prevalence) * t) / (1 - t), 12);
    });
  });
  it('on GBSG: below every predicted risk the model treats all; above every risk it treats none', () => {
    const lowest = Math.min(...external.risk5y);
    const highest = Math.max(...external.risk5y);
    const [below, above] = survivalDecisionCurve(external.time, external.event, external.risk5y, HORIZON, [lowest / 2, (highest + 1) / 2]);
    expect(below.model).toBeCloseTo(below.treatAll, 12);
    const km5 = survivalAt(kaplanMeier(external.time, external.event), HORIZON);
    expect(below.treatAll).toBeCloseTo(1 - km5 - (km5 * lowest) / 2 / (1 - lowest / 2), 12);
    expect(above.model).toBe(0);
  });
});

describe('calibration slope (Cox regression on the linear predictor, Efron ties)', () => {
  it('is 1 on the development cohort, where the reference coefficients are the maximum-likelihood fit', () => {
    const rotterdam = readCohort('rotterdam.csv');
    const fit = survivalCalibrationSlope(rotterdam.time, rotterdam.event, linearPredictor(rotterdam));
    expect(Math.abs(fit.slope - 1)).toBeLessThanOrEqual(1e-6);
    // and its log-likelihood is R's maximised Efron log-likelihood
    expect(Math.abs(fit.logLikelihood - reference.cox_efron.loglik[1]) / Math.abs(reference.cox_efron.loglik[1])).toBeLessThanOrEqual(1e-9);
  });
  it('on GBSG: a maximum of the partial likelihood, with a finite standard error', () => {
    const fit = survivalCalibrationSlope(external.time, external.event, external.linearPredictor);
    expect(fit.stdErr).toBeGreaterThan(0);
    const around = (g: number) => survivalCalibrationSlope(external.time, external.event, external.linearPredictor.map((x) => x * g));
    // scaling the predictor by g scales the slope by 1 / g
    expect(around(2).slope).toBeCloseTo(fit.slope / 2, 9);
  });
});
