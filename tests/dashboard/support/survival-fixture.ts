import type {
  RiskGroupCurve,
  SurvivalCompareResponse,
  SurvivalEndpointInfo,
  SurvivalEstimate,
  SurvivalLeaderboardResponse,
  SurvivalLeaderboardRow,
  SurvivalModelRecord,
} from '@radsweep/api-contract';
import {
  brierScoreAt,
  calibrationAtHorizon,
  harrellC,
  integratedBrierScore,
  type KaplanMeierCurve,
  kaplanMeierAt,
  nullBrierScoreAt,
  riskGroupCutoffs,
  riskGroupSurvival,
  survivalCalibrationSlope,
  survivalDecisionCurve,
  timeDependentAuc,
  unoC,
} from '@radsweep/metrics';

/**
 * Survival API responses for the dashboard's browser test, typed by the contract (libs/api-contract) and
 * computed with libs/metrics on a seeded synthetic cohort (no server: the server side of survival runs is
 * built on another branch). Each model predicts S(t | x) = exp(-0.0004 t exp(lp)), lp its risk score.
 */

export const RUN_ID = '6f1c1f2e-0000-4000-8000-000000000001';
export const HORIZONS = [365, 1096, 1826];
const DATASET_SHA = 'ab'.repeat(32);
const TEST_SET_SHA = 'cd'.repeat(32);

/** A seeded cohort: a covariate, times from an exponential model, uniform censoring (follow-up past the last horizon). */
export interface Cohort {
  x: Float64Array;
  time: Float64Array;
  event: Uint8Array;
}

function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

export function cohort(n: number, seed: number): Cohort {
  const next = lcg(seed);
  const x = Float64Array.from({ length: n }, () => next() * 2 - 1);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = Math.ceil(-Math.log(1 - next()) / (0.0004 * Math.exp(1.2 * x[i])));
    const c = 400 + Math.floor(next() * 3600);
    time[i] = Math.min(t, c);
    event[i] = t <= c ? 1 : 0;
  }
  return { x, time, event };
}

const TEST = cohort(160, 7);
const TRAIN = cohort(320, 11);

/** A model of the fixture: its id, label, feature set and risk score per patient (slope on the covariate, noise). */
interface FixtureModel {
  id: string;
  model: string;
  label: string;
  featureSet: string;
  slope: number;
  noise: number;
  cv: number;
}

export const MODELS: FixtureModel[] = [
  { id: '6f1c1f2e-0000-4000-8000-0000000000a1', model: 'cox_ph', label: 'Cox PH', featureSet: 'all', slope: 1.2, noise: 0.2, cv: 0.71 },
  { id: '6f1c1f2e-0000-4000-8000-0000000000a2', model: 'random_survival_forest', label: 'Random survival forest', featureSet: 'all', slope: 1, noise: 0.6, cv: 0.69 },
  { id: '6f1c1f2e-0000-4000-8000-0000000000a3', model: 'lasso_cox', label: 'LASSO Cox', featureSet: 'shape', slope: 0.6, noise: 0.9, cv: 0.64 },
];

/** The risk score of a model for a cohort (seeded noise). */
export function riskScore(m: FixtureModel, c: Cohort, seed: number): Float64Array {
  const next = lcg(seed);
  return Float64Array.from(c.x, (x) => m.slope * x + m.noise * (next() * 2 - 1));
}

const survivalAt = (lp: Float64Array, t: number) => Float64Array.from(lp, (z) => Math.exp(-0.0004 * t * Math.exp(z)));
const riskAt = (lp: Float64Array, t: number) => Float64Array.from(lp, (z) => 1 - Math.exp(-0.0004 * t * Math.exp(z)));
const Z = 1.959963984540054;
const wald = (estimate: number, stdErr: number): SurvivalEstimate => ({ estimate, stdErr, lower: estimate - Z * stdErr, upper: estimate + Z * stdErr });

const ENDPOINT: SurvivalEndpointInfo = {
  name: 'recurrence',
  timeColumn: 'rfs_days',
  eventColumn: 'rfs_event',
  eventCodes: [1],
  horizons: HORIZONS,
  competingEvents: { count: 4, handling: 'censored at their time (cause-specific)' },
  cohort: { n: 480, events: TEST.event.reduce((s, e) => s + e, 0) + TRAIN.event.reduce((s, e) => s + e, 0) },
  test: { n: TEST.time.length, events: TEST.event.reduce((s, e) => s + e, 0) },
};
const GROUP = { datasetSha256: DATASET_SHA, endpoint: 'recurrence', testSetSha256: TEST_SET_SHA };

/** A Kaplan-Meier curve as the contract stores it: from time 0 (S = 1), log-scale 95 % limits (null where S = 0). */
function groupCurve(curve: KaplanMeierCurve, group: number, label: string, atRiskTimes: number[]): RiskGroupCurve {
  const n = curve.nRisk[0];
  const lim = (k: number, sign: number) => (curve.survival[k] > 0 && Number.isFinite(curve.stdErrLog[k]) ? Math.min(1, curve.survival[k] * Math.exp(sign * Z * curve.stdErrLog[k])) : null);
  return {
    group,
    label,
    n,
    events: curve.nEvent.reduce((s, d) => s + d, 0),
    time: [0, ...curve.time],
    survival: [1, ...curve.survival],
    lower: [1, ...Array.from(curve.time, (_, k) => lim(k, -1))],
    upper: [1, ...Array.from(curve.time, (_, k) => lim(k, 1))],
    nRisk: [n, ...curve.nRisk],
    atRisk: atRiskTimes.map((t) => kaplanMeierAt(curve, t).nRisk),
  };
}

/** The leaderboard row and model record of a fixture model, every metric computed on the test cohort. */
function build(m: FixtureModel, index: number, endpoint: SurvivalEndpointInfo): { row: SurvivalLeaderboardRow; record: SurvivalModelRecord; lp: Float64Array; groups: Int32Array } {
  const { time, event } = TEST;
  const lp = riskScore(m, TEST, 100 + index);
  const trainLp = riskScore(m, TRAIN, 200 + index);
  const cutoffs = riskGroupCutoffs(trainLp, 'median');
  const rg = riskGroupSurvival(time, event, lp, cutoffs);
  const atRiskTimes = [0, ...HORIZONS];
  const c = harrellC(time, event, lp);
  const uno = unoC(time, event, lp, HORIZONS.at(-1)!);
  const aucTimes = [200, 365, 600, 800, 1096, 1400, 1826];
  const ibsTimes = Array.from({ length: 18 }, (_, k) => (k + 1) * 100);
  const ibs = integratedBrierScore(time, event, ibsTimes.map((t) => riskAt(lp, t)), ibsTimes);
  const slope = survivalCalibrationSlope(time, event, lp);
  const thresholds = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);
  const row: SurvivalLeaderboardRow = {
    id: m.id,
    runId: RUN_ID,
    endpoint: endpoint.name,
    featureSet: m.featureSet,
    model: m.model,
    label: m.label,
    bestParams: m.model === 'lasso_cox' ? { lambda: 0.05 } : null,
    cvCIndex: m.cv,
    cvCIndexSd: 0.02,
    testHarrellC: wald(c.concordance, c.stdErr),
    testUnoC: { ...wald(uno.concordance, uno.stdErr), tau: HORIZONS.at(-1)! },
    tdAuc: HORIZONS.map((h) => ({ ...timeDependentAuc(time, event, riskAt(lp, h), h) })),
    ibs: { estimate: ibs.ibs, nullEstimate: ibs.nullIbs },
    calibrationSlope: { slope: slope.slope, stdErr: slope.stdErr },
    calibrationSlopeAtHorizon: HORIZONS.map((horizon) => ({ horizon, slope: slope.slope, stdErr: slope.stdErr })),
    atHorizon: null,
    best: index !== 1, // the first of each feature set by CV
    error: null,
  };
  const record: SurvivalModelRecord = {
    row,
    endpoint,
    group: GROUP,
    configurations: [{ index: 0, params: row.bestParams ?? {}, foldC: [m.cv - 0.02, m.cv + 0.02], mean: m.cv, sd: 0.02, error: null }],
    selectedFeatures: [{ name: 'x', scores: { univariate_cox: 12.5, lasso_cox: m.slope } }],
    riskGroups: {
      split: 'median',
      cutoffs: [...cutoffs],
      atRiskTimes,
      groups: rg.curves.map((curve, g) => groupCurve(curve!, g, g === 0 ? 'low (<= median)' : 'high (> median)', atRiskTimes)),
      logRank: rg.logRank ? { chiSquare: rg.logRank.chiSquare, df: rg.logRank.df, pValue: rg.logRank.pValue } : null,
    },
    aucOverTime: aucTimes.map((t) => {
      const a = timeDependentAuc(time, event, riskAt(lp, t), t);
      return { time: t, estimate: a.estimate, stdErr: a.stdErr, lower: a.lower, upper: a.upper };
    }),
    brier: HORIZONS.map((h) => ({ horizon: h, brier: brierScoreAt(time, event, riskAt(lp, h), h), nullBrier: nullBrierScoreAt(time, event, h) })),
    calibration: HORIZONS.map((h) => ({
      horizon: h,
      points: calibrationAtHorizon(time, event, riskAt(lp, h), h, 5).map((p) => ({ group: p.group, n: p.n, meanPredictedRisk: p.meanPredictedRisk, observedRisk: p.observedRisk, observedLower: p.observedLower, observedUpper: p.observedUpper })),
      slope: { horizon: h, slope: slope.slope, stdErr: slope.stdErr },
    })),
    decisionCurves: HORIZONS.map((h) => ({ horizon: h, points: survivalDecisionCurve(time, event, riskAt(lp, h), h, thresholds).map((p) => ({ threshold: p.threshold, model: p.model, treatAll: p.treatAll })) })),
    predictedAt: HORIZONS,
    predictions: Array.from(time, (t, i) => ({ id: `p${i + 1}`, time: t, event: event[i] as 0 | 1, linearPredictor: lp[i], survival: HORIZONS.map((h) => survivalAt(lp, h)[i]) })),
  };
  return { row, record, lp, groups: rg.group };
}

/** Everything the stub API serves, and the per-patient data the test checks it against. */
export function survivalFixture() {
  const built = MODELS.map((m, i) => build(m, i, ENDPOINT));
  const recurrence = built.map((b) => b.row);
  // a second endpoint: the same patients, other models' rows only (a classifier at a horizon with missing metrics)
  const death: SurvivalLeaderboardRow = {
    ...recurrence[0],
    id: '6f1c1f2e-0000-4000-8000-0000000000b1',
    endpoint: 'death',
    model: 'logistic_regression',
    label: 'Logistic regression',
    tdAuc: [recurrence[0].tdAuc[1]],
    ibs: null,
    calibrationSlope: null,
    atHorizon: { horizon: 1096, excludedCensored: 17 },
    best: true,
  };
  const leaderboard: SurvivalLeaderboardResponse = {
    runId: RUN_ID,
    datasetSha256: DATASET_SHA,
    endpoints: [
      { endpoint: ENDPOINT, group: GROUP, rows: recurrence, note: 'Best = highest mean CV C-index of its endpoint and feature set (CV only); test metrics are the chosen model\'s estimate.' },
      { endpoint: { ...ENDPOINT, name: 'death', timeColumn: 'os_days', eventColumn: 'os_event', competingEvents: { count: 0, handling: 'censored at their time (cause-specific)' } }, group: { ...GROUP, endpoint: 'death' }, rows: [death], note: 'Best by CV.' },
    ],
  };
  const records = new Map(built.map((b) => [b.row.id, b.record]));
  const compare = (a: string, b: string): SurvivalCompareResponse => {
    const ra = records.get(a)!.row;
    const rb = records.get(b)!.row;
    const difference = ra.testHarrellC!.estimate - rb.testHarrellC!.estimate;
    return {
      group: GROUP,
      a: { id: a, model: ra.model, featureSet: ra.featureSet, runId: RUN_ID, harrellC: ra.testHarrellC!.estimate },
      b: { id: b, model: rb.model, featureSet: rb.featureSet, runId: RUN_ID, harrellC: rb.testHarrellC!.estimate },
      n: ENDPOINT.test.n,
      events: ENDPOINT.test.events,
      difference,
      bootstrap: { resamples: 2000, seed: 1, skipped: 0, stdErr: 0.021, lower: difference - 0.041, upper: difference + 0.039, pValue: 0.0315 },
      competingEvents: ENDPOINT.competingEvents,
    };
  };
  return { leaderboard, records, compare, test: TEST, built };
}
