import { RadSweepInputError } from '@radsweep/core';
import { checkPerPatient, checkSurvival, orderByTime } from './survival-input';

/** The calibration slope of a survival model's linear predictor on a cohort. */
export interface SurvivalCalibrationSlope {
  /** gamma-hat: 1 = well calibrated spread, < 1 = predictions too extreme (overfitting). */
  readonly slope: number;
  /** 1 / sqrt(observed information) at gamma-hat. */
  readonly stdErr: number;
  /** Partial log-likelihood at gamma-hat (Efron). */
  readonly logLikelihood: number;
  readonly iterations: number;
}

/**
 * Calibration slope: the coefficient gamma of a Cox model with the linear predictor z_i = x_i beta as its
 * only covariate, fitted on the cohort (R: coef(coxph(Surv(time, event) ~ lp)), Efron ties). Newton-Raphson
 * from gamma = 0 on the Efron partial log-likelihood
 * l(gamma) = sum_t [ gamma sum_{D_t} z - sum_{k=0}^{d-1} log(S0(t) - (k/d) S0_D(t)) ],
 * S0 = sum over the risk set of exp(gamma z), S0_D over the d events at t; stops when the step is below
 * 1e-12 (relative). On the development cohort of a Cox model the slope is 1 by construction (the scaled
 * score beta' U(beta) is 0 at the MLE); below 1 on new data means the predictions are too extreme.
 * Reference: van Houwelingen, Statistics in Medicine 19, 2000; Royston & Altman, BMC Med Res Methodol
 * 13:33, 2013; Efron, JASA 72, 1977.
 */
export function survivalCalibrationSlope(time: Float64Array, event: Uint8Array, linearPredictor: Float64Array): SurvivalCalibrationSlope {
  const events = checkSurvival('survivalCalibrationSlope', time, event);
  checkPerPatient('survivalCalibrationSlope', 'linearPredictor', linearPredictor, time.length);
  if (events === 0) throw new RadSweepInputError('survivalCalibrationSlope: no events', 'event');
  const n = time.length;
  // centring z changes no estimate, only keeps exp(gamma z) in range
  let mean = 0;
  for (let i = 0; i < n; i++) mean += linearPredictor[i];
  mean /= n;
  const order = orderByTime(time, event);
  const z = Float64Array.from(order, (i) => linearPredictor[i] - mean);
  const t = Float64Array.from(order, (i) => time[i]);
  const e = Uint8Array.from(order, (i) => event[i]);
  let gamma = 0;
  let fit = efron(t, e, z, gamma);
  for (let iteration = 1; iteration <= 50; iteration++) {
    if (!(fit.information > 0)) {
      throw new RadSweepInputError('survivalCalibrationSlope: the linear predictor does not vary among the patients at risk', 'linearPredictor');
    }
    const step = fit.score / fit.information;
    let next = efron(t, e, z, gamma + step);
    // step halving keeps the likelihood increasing (as R's coxph does)
    let size = step;
    while (next.logLikelihood < fit.logLikelihood - 1e-12 * Math.abs(fit.logLikelihood) && Math.abs(size) > 1e-12) {
      size /= 2;
      next = efron(t, e, z, gamma + size);
    }
    gamma += size;
    fit = next;
    if (Math.abs(size) <= 1e-12 * Math.max(1, Math.abs(gamma))) {
      return { slope: gamma, stdErr: 1 / Math.sqrt(fit.information), logLikelihood: fit.logLikelihood, iterations: iteration };
    }
  }
  throw new RadSweepInputError('survivalCalibrationSlope: Newton-Raphson did not converge in 50 iterations', 'linearPredictor');
}

/** Efron partial log-likelihood, score and information in gamma; data sorted by time (events first). */
function efron(time: Float64Array, event: Uint8Array, z: Float64Array, gamma: number) {
  const n = time.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let logLikelihood = 0;
  let score = 0;
  let information = 0;
  // from the latest time down, so the risk sums grow
  for (let j = n - 1; j >= 0; ) {
    let d = 0;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let i = j;
    for (; i >= 0 && time[i] === time[j]; i--) {
      const r = Math.exp(gamma * z[i]);
      s0 += r;
      s1 += r * z[i];
      s2 += r * z[i] * z[i];
      if (event[i] === 1) {
        d++;
        d0 += r;
        d1 += r * z[i];
        d2 += r * z[i] * z[i];
        logLikelihood += gamma * z[i];
        score += z[i];
      }
    }
    for (let k = 0; k < d; k++) {
      const f = k / d;
      const a0 = s0 - f * d0;
      const a1 = (s1 - f * d1) / a0;
      const a2 = (s2 - f * d2) / a0;
      logLikelihood -= Math.log(a0);
      score -= a1;
      information += a2 - a1 * a1;
    }
    j = i;
  }
  return { logLikelihood, score, information };
}
