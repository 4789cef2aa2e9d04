import { censoringKaplanMeier, survivalAt, survivalBefore } from './kaplan-meier';
import { orderByTime } from './survival-input';

/**
 * Inverse-probability-of-censoring weighting at a horizon t, as riskRegression::Score sets it up with
 * `cens.model = "km"`: patients sorted by time (events first at ties), G the reverse Kaplan-Meier estimate
 * of the censoring distribution, G(T_i-) for the patients with an event by t and G(t) for those still
 * under observation after t, plus the pieces of the influence function of the Kaplan-Meier censoring
 * estimator that riskRegression's C++ (getInfluenceFunctionKM) uses for the standard errors.
 */
export interface IpcwSetup {
  readonly n: number;
  readonly horizon: number;
  /** Patient indices in sorted order; every vector below is in that order. */
  readonly order: Int32Array;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  /** G(T_i-). */
  readonly gBefore: Float64Array;
  /** G(horizon). */
  readonly gHorizon: number;
  /** Last sorted position with time <= horizon (-1 if none). */
  readonly lastBeforeHorizon: number;
  /** Sorted position -> its distinct-time index. */
  readonly timeIndex: Int32Array;
  /** Distinct times. */
  readonly distinctTime: Float64Array;
  /** Patients with time >= each distinct time. */
  readonly atRisk: Float64Array;
  /** Cumulative sum of n * dLambda_C(s) / Y(s) over distinct times (riskRegression's MC_term2). */
  readonly martingaleTerm: Float64Array;
}

export function ipcwSetup(time: Float64Array, event: Uint8Array, horizon: number): IpcwSetup {
  const n = time.length;
  const order = orderByTime(time, event);
  const t = Float64Array.from(order, (i) => time[i]);
  const e = Uint8Array.from(order, (i) => event[i]);
  const g = censoringKaplanMeier(time, event);
  const gBefore = Float64Array.from(t, (s) => survivalBefore(g, s));
  let lastBeforeHorizon = -1;
  while (lastBeforeHorizon + 1 < n && t[lastBeforeHorizon + 1] <= horizon) lastBeforeHorizon++;
  // the censoring hazard dLambda_C = censored / at risk at each distinct time, at risk = time >= s
  const timeIndex = new Int32Array(n);
  const distinct: number[] = [];
  const atRisk: number[] = [];
  const censored: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || t[i] !== t[i - 1]) {
      distinct.push(t[i]);
      atRisk.push(n - i);
      censored.push(0);
    }
    timeIndex[i] = distinct.length - 1;
    if (e[i] === 0) censored[censored.length - 1]++;
  }
  const martingaleTerm = new Float64Array(distinct.length);
  let cumulative = 0;
  for (let k = 0; k < distinct.length; k++) {
    cumulative += ((censored[k] / atRisk[k]) * n) / atRisk[k];
    martingaleTerm[k] = cumulative;
  }
  return {
    n,
    horizon,
    order,
    time: t,
    event: e,
    gBefore,
    gHorizon: survivalAt(g, horizon),
    lastBeforeHorizon,
    timeIndex,
    distinctTime: Float64Array.from(distinct),
    atRisk: Float64Array.from(atRisk),
    martingaleTerm,
  };
}

/**
 * f_i(horizon): patient i's term of the influence function of the Kaplan-Meier censoring estimator,
 * -IF of log G at min(T_i, horizon), as riskRegression's `fihattau`:
 * 1[censored at T_i] n / Y(T_i) - MC(T_i) when T_i <= horizon, else -MC(last time <= horizon).
 */
export function censoringInfluence(s: IpcwSetup, i: number): number {
  const j = i > s.lastBeforeHorizon ? s.lastBeforeHorizon : i;
  if (j === -1) return 0;
  if (s.distinctTime[s.timeIndex[j]] < s.time[i]) return -s.martingaleTerm[s.timeIndex[j]];
  return ((s.event[i] === 0 ? 1 : 0) * s.n) / s.atRisk[s.timeIndex[i]] - s.martingaleTerm[s.timeIndex[i]];
}

/** Sorted positions of the next block of tied times after position i (i is the last of its block). */
export function nextTieBlock(s: IpcwSetup, i: number): [number, number] {
  let end = i + 1;
  while (end < s.n && s.time[end] === s.time[i + 1]) end++;
  return [i + 1, end];
}

/** Sorted positions [0, end) of the first block of tied times. */
export function firstTieBlockEnd(s: IpcwSetup): number {
  let end = 0;
  while (end < s.n && s.time[end] === s.time[0]) end++;
  return end;
}

/** The sample standard deviation of an influence function over sqrt(n): R's sd(IF) / sqrt(n). */
export function influenceStdErr(influence: Float64Array): number {
  const n = influence.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += influence[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (influence[i] - mean) ** 2;
  return Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
}
