import { RadSweepInputError } from '@radsweep/core';
import { censoringInfluence, firstTieBlockEnd, influenceStdErr, ipcwSetup, IpcwSetup, nextTieBlock } from './ipcw';
import { kaplanMeier, survivalAt } from './kaplan-meier';
import { ScoreAtHorizon, scoreWithCi } from './score-at-horizon';
import { checkHorizon, checkProbabilities, checkSurvival } from './survival-input';

/**
 * IPCW Brier score at horizon t of the predicted risks r_i = P(T_i <= t | x_i) (1 - predicted survival):
 * BS(t) = (1/n) sum_i [ 1[T_i <= t, event] (1 - r_i)^2 / G(T_i-) + 1[T_i > t] r_i^2 / G(t) ],
 * G the Kaplan-Meier estimate of the censoring distribution (patients censored before t weigh 0).
 * Standard error sd(IF) / sqrt(n), IF = the residuals' deviation from their mean plus the term from
 * estimating G (riskRegression's getInfluenceFunctionBrierKMCensoringTerm), interval estimate -/+ z se
 * clipped to [0, 1]. Reference: Graf et al., Statistics in Medicine 18, 1999; Gerds & Schumacher,
 * Biometrical Journal 48, 2006; riskRegression::Score(metrics = "brier", cens.model = "km",
 * conservative = FALSE) (2022.11.28, Brier.survival.R and src/getInfluenceFunctionBrier.cpp).
 */
export function brierScoreAt(time: Float64Array, event: Uint8Array, risk: Float64Array, horizon: number, level = 0.95): ScoreAtHorizon {
  checkSurvival('brierScoreAt', time, event);
  checkProbabilities('brierScoreAt', 'risk', risk, time.length);
  checkHorizon('brierScoreAt', horizon, time);
  const s = ipcwSetup(time, event, horizon);
  return brierFromSetup('brierScoreAt', s, risk, level);
}

/**
 * The null model's Brier score at t: every patient gets the same risk 1 - KM(t), KM the Kaplan-Meier
 * estimate of the same data (riskRegression::Score's "Null model").
 */
export function nullBrierScoreAt(time: Float64Array, event: Uint8Array, horizon: number, level = 0.95): ScoreAtHorizon {
  checkSurvival('nullBrierScoreAt', time, event);
  checkHorizon('nullBrierScoreAt', horizon, time);
  const risk = new Float64Array(time.length).fill(1 - survivalAt(kaplanMeier(time, event), horizon));
  return brierFromSetup('nullBrierScoreAt', ipcwSetup(time, event, horizon), risk, level);
}

function brierFromSetup(metric: string, s: IpcwSetup, riskByPatient: Float64Array, level: number): ScoreAtHorizon {
  const residuals = ipcwResiduals(s, riskByPatient);
  const brier = mean(residuals);
  const censoringTerm = brierCensoringTerm(s, residuals);
  const influence = Float64Array.from(residuals, (r, i) => r - brier + censoringTerm[i]);
  return scoreWithCi(metric, s.horizon, brier, influenceStdErr(influence), level);
}

/** riskRegression's getInfluenceFunctionBrierKMCensoringTerm, on data sorted by time. */
function brierCensoringTerm(s: IpcwSetup, residuals: Float64Array): Float64Array {
  const { n, horizon } = s;
  const isCase = (i: number) => s.event[i] !== 0 && s.time[i] <= horizon;
  let part1 = 0;
  let part2 = 0;
  let after = 0;
  for (let i = 0; i < n; i++) {
    if (isCase(i)) part2 += residuals[i];
    else if (s.time[i] > horizon) after += residuals[i];
  }
  after /= n;
  const firstEnd = firstTieBlockEnd(s);
  for (let k = 0; k < firstEnd; k++) if (isCase(k)) part2 -= residuals[k];
  let blockEnd = firstEnd - 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = censoringInfluence(s, i);
    out[i] = (part1 + f * part2) / n + after * f;
    if (i === blockEnd) {
      const [a, b] = nextTieBlock(s, i);
      for (let k = a; k < b; k++) {
        if (!isCase(k)) continue;
        part1 -= residuals[k] * s.martingaleTerm[s.timeIndex[i]];
        part2 -= residuals[k];
      }
      blockEnd = b - 1;
    }
  }
  return out;
}

/** The integrated Brier score of a model and of the null model, with the Brier scores it integrates. */
export interface IntegratedBrierScore {
  readonly times: Float64Array;
  readonly brier: Float64Array;
  readonly nullBrier: Float64Array;
  /** IBS over [0, last time]. */
  readonly ibs: number;
  readonly nullIbs: number;
}

/**
 * Integrated Brier score over [0, t_K] from the Brier scores at increasing times t_1 < ... < t_K, as
 * riskRegression::Score(summary = "ibs") integrates the step function through (0, 0), (t_k, BS(t_k)):
 * IBS = (1 / t_K) sum_{k=1}^{K-1} BS(t_k) (t_{k+1} - t_k). `risks[k]` holds every patient's predicted risk
 * at times[k]; the null model (1 - Kaplan-Meier) is scored beside it. Reference: Graf et al. 1999;
 * riskRegression 2022.11.28 (computePerformance.R, Dint).
 */
export function integratedBrierScore(time: Float64Array, event: Uint8Array, risks: Float64Array[], times: ArrayLike<number>): IntegratedBrierScore {
  checkSurvival('integratedBrierScore', time, event);
  const K = times.length;
  if (K === 0) throw new RadSweepInputError('integratedBrierScore: no times', 'times');
  if (risks.length !== K) throw new RadSweepInputError(`integratedBrierScore: ${K} times but ${risks.length} risk vectors`, 'risks');
  const km = kaplanMeier(time, event);
  const brier = new Float64Array(K);
  const nullBrier = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    if (k > 0 && !(times[k] > times[k - 1])) throw new RadSweepInputError(`integratedBrierScore: times must increase (times[${k}] = ${times[k]})`, `times[${k}]`);
    checkHorizon('integratedBrierScore', times[k], time, `times[${k}]`);
    checkProbabilities('integratedBrierScore', `risks[${k}]`, risks[k], time.length);
    brier[k] = ipcwBrier(time, event, risks[k], times[k]);
    nullBrier[k] = ipcwBrier(time, event, new Float64Array(time.length).fill(1 - survivalAt(km, times[k])), times[k]);
  }
  const integrate = (b: Float64Array) => {
    let area = 0;
    for (let k = 0; k + 1 < K; k++) area += b[k] * (times[k + 1] - times[k]);
    return area / times[K - 1];
  };
  return { times: Float64Array.from(times), brier, nullBrier, ibs: integrate(brier), nullIbs: integrate(nullBrier) };
}

/** The Brier score alone, without the standard error. */
function ipcwBrier(time: Float64Array, event: Uint8Array, risk: Float64Array, horizon: number): number {
  return mean(ipcwResiduals(ipcwSetup(time, event, horizon), risk));
}

/** Each patient's weighted squared error, in sorted order: (1 - r)^2 / G(T_i-), 0, or r^2 / G(t). */
function ipcwResiduals(s: IpcwSetup, riskByPatient: Float64Array): Float64Array {
  const residuals = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) {
    const r = riskByPatient[s.order[i]];
    if (s.time[i] <= s.horizon) residuals[i] = s.event[i] === 1 ? (1 - r) ** 2 / s.gBefore[i] : 0;
    else residuals[i] = (r * r) / s.gHorizon;
  }
  return residuals;
}

function mean(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  return sum / x.length;
}
