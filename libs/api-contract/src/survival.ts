/**
 * The tracking server's survival (time-to-event) responses, as JSON. Types only: no runtime code, so
 * both the server (apps/server) and the dashboard (apps/dashboard) may import them.
 *
 * Conventions:
 * - Times are in the unit of the endpoint's time column (e.g. days), as in the spec.
 * - `event` is 1 for the endpoint's event code(s) of interest and 0 otherwise: competing events (other
 *   non-zero codes) are CENSORED at their time (cause-specific analysis); every response that carries
 *   patients or counts says so in `competingEvents`.
 * - Intervals are 95 % (normal / Wald for C-indices, td-AUC and Brier; log-transformed Greenwood for
 *   Kaplan-Meier).
 * - "Best" is chosen by the mean CV Harrell's C only (never by a test metric); test metrics are the
 *   chosen model's estimate.
 * - Ids are UUID strings.
 */

/** An estimate with its standard error and 95 % interval. */
export interface SurvivalEstimate {
  estimate: number;
  stdErr: number;
  lower: number;
  upper: number;
}

/** How competing events were handled for an endpoint, and how many of the cohort had one. */
export interface CompetingEventsNote {
  /** Patients whose event code is non-zero but not among `eventCodes`. */
  count: number;
  /** Always this text: such patients are censored at their time. */
  handling: 'censored at their time (cause-specific)';
}

/** The endpoint a leaderboard, model record or prediction set belongs to. */
export interface SurvivalEndpointInfo {
  name: string;
  timeColumn: string;
  eventColumn: string;
  /** Codes of the event of interest (event indicator 1). */
  eventCodes: number[];
  horizons: number[];
  competingEvents: CompetingEventsNote;
  /** The whole cohort: patients and events of interest. */
  cohort: { n: number; events: number };
  /** Test patients and events of interest. */
  test: { n: number; events: number };
}

/**
 * Models of one comparison group may be ranked and compared with each other: same dataset (sha256),
 * same endpoint (name, time/event columns, event codes) and the same test patients.
 */
export interface SurvivalComparisonGroup {
  datasetSha256: string;
  endpoint: string;
  /** sha256 of the sorted test patient ids (hex). */
  testSetSha256: string;
}

/** td-AUC (cumulative/dynamic, IPCW) of the predicted risk 1 - S(h) at one horizon. */
export interface HorizonAuc extends SurvivalEstimate {
  horizon: number;
}

/**
 * Calibration slope at a horizon: the coefficient of a Cox model (Efron ties) with the model's risk score
 * as its only covariate, on the test patients with follow-up administratively censored at the horizon
 * (time = min(t, h), event only if t <= h). 1 = well calibrated spread, < 1 = predictions too extreme.
 * null when no event of interest falls before the horizon.
 */
export interface HorizonCalibrationSlope {
  horizon: number;
  slope: number | null;
  stdErr: number | null;
}

/** One row of a survival leaderboard: one model (its best configuration) of one feature set of one endpoint. */
export interface SurvivalLeaderboardRow {
  /** Model result id: `GET /api/survival/results/:id`. */
  id: string;
  runId: string;
  endpoint: string;
  featureSet: string;
  /** Registry id: `cox_ph`, `lasso_cox`, ..., or a classifier id at a horizon. */
  model: string;
  label: string;
  /** The configuration chosen by mean CV Harrell's C (null: the model has no grid). */
  bestParams: Record<string, unknown> | null;
  /** Mean and population sd over CV splits of Harrell's C (what picked the configuration). */
  cvCIndex: number;
  cvCIndexSd: number;
  /** Harrell's C on the test patients (survival::concordance conventions), infinitesimal jackknife SE. */
  testHarrellC: SurvivalEstimate | null;
  /** Uno's C truncated at tau (the last horizon). */
  testUnoC: (SurvivalEstimate & { tau: number }) | null;
  /** One entry per horizon the model predicted at (a classifier at a horizon: one). */
  tdAuc: HorizonAuc[];
  /** Integrated Brier score up to the last horizon with the Kaplan-Meier (null model) IBS beside it; null for a classifier at a horizon. */
  ibs: { estimate: number; nullEstimate: number } | null;
  /** Calibration slope of the risk score over the whole follow-up (no truncation). */
  calibrationSlope: { slope: number; stdErr: number } | null;
  calibrationSlopeAtHorizon: HorizonCalibrationSlope[];
  /**
   * A binary classifier trained at a horizon: the horizon and how many training patients censored before it
   * were left out of the refit (their status at the horizon is unknown). null for survival models.
   */
  atHorizon: { horizon: number; excludedCensored: number } | null;
  /** Highest mean CV C-index of its comparison group (endpoint x feature set x test set); ties in spec order. */
  best: boolean;
  /** The model failed: the message; metrics are null / empty. */
  error: string | null;
}

/** `GET /api/runs/:id/survival/leaderboard[?endpoint=]`: one leaderboard per endpoint, each per feature set. */
export interface SurvivalLeaderboardResponse {
  runId: string;
  datasetSha256: string;
  endpoints: SurvivalEndpointLeaderboard[];
}

export interface SurvivalEndpointLeaderboard {
  endpoint: SurvivalEndpointInfo;
  group: SurvivalComparisonGroup;
  /** Sorted by feature set (spec order), then mean CV C-index descending. */
  rows: SurvivalLeaderboardRow[];
  /** States how `best` is chosen (CV only). */
  note: string;
}

/** A Kaplan-Meier curve of one risk group, one entry per distinct observed time. */
export interface RiskGroupCurve {
  /** 0 = lowest risk. */
  group: number;
  /** Group label, e.g. "low (<= median)", "high (> median)". */
  label: string;
  n: number;
  events: number;
  /** Starts at time 0 with survival 1. */
  time: number[];
  survival: number[];
  /** Log-transformed Greenwood 95 % interval (survfit's conf.type "log"); null where it is undefined (S = 0; R: NA). */
  lower: (number | null)[];
  upper: (number | null)[];
  /** Patients still at risk at `time[j]` (time >= time[j]). */
  nRisk: number[];
  /** Numbers at risk at the record's `atRiskTimes` (the table under the plot). */
  atRisk: number[];
}

/** Test patients split at the TRAINING cohort's cut-off(s) of the risk score, with KM curves and the log-rank test. */
export interface RiskGroupsRecord {
  split: 'median' | 'tertiles';
  cutoffs: number[];
  /** Times of each curve's `atRisk` column: 0 and each horizon. */
  atRiskTimes: number[];
  groups: RiskGroupCurve[];
  logRank: { chiSquare: number; df: number; pValue: number } | null;
}

/**
 * Calibration at a horizon: predicted risk vs observed 1 - KM in risk groups (deciles by default). A group with
 * no patient (tied risk scores leave some deciles empty) has null risks: the engine's NaN, as JSON writes it.
 */
export interface CalibrationAtHorizon {
  horizon: number;
  points: { group: number; n: number; meanPredictedRisk: number | null; observedRisk: number | null; observedLower: number | null; observedUpper: number | null }[];
  slope: HorizonCalibrationSlope;
}

/** Net benefit at risk thresholds 0.01..0.99 at a horizon: the model, treat-all (treat-none is 0). */
export interface DecisionCurveAtHorizon {
  horizon: number;
  points: { threshold: number; model: number; treatAll: number }[];
}

/** Brier score at a horizon with the Kaplan-Meier null model's. */
export interface BrierAtHorizon {
  horizon: number;
  brier: SurvivalEstimate;
  nullBrier: SurvivalEstimate;
}

/** One test patient's prediction. */
export interface SurvivalPredictionRow {
  id: string;
  /** Follow-up time. */
  time: number;
  /** 1 = event of interest; 0 = censored (competing events included). */
  event: 0 | 1;
  /** The model's risk score: x.beta for Cox models, logit P(event by h) for a classifier at a horizon, the model's risk otherwise. */
  linearPredictor: number;
  /** S(t | x) at each of `predictedAt` (same order). */
  survival: number[];
}

/** `GET /api/survival/results/:id`: one survival model's record. */
export interface SurvivalModelRecord {
  row: SurvivalLeaderboardRow;
  endpoint: SurvivalEndpointInfo;
  group: SurvivalComparisonGroup;
  /** Every configuration of the grid with its CV C-index per split. */
  configurations: { index: number; params: Record<string, unknown>; foldC: number[]; mean: number; sd: number; error: string | null }[];
  /** What the refit chain kept, with each step's score of the feature (as in the results file). */
  selectedFeatures: { name: string; scores: Record<string, number> }[];
  riskGroups: RiskGroupsRecord | null;
  /** td-AUC of 1 - S(t) at the integrated Brier score's times (empty for a classifier at a horizon). */
  aucOverTime: ({ time: number } & SurvivalEstimate)[];
  brier: BrierAtHorizon[];
  calibration: CalibrationAtHorizon[];
  decisionCurves: DecisionCurveAtHorizon[];
  /** Times of each prediction's `survival`. */
  predictedAt: number[];
  /** Every test patient, in test-id order. */
  predictions: SurvivalPredictionRow[];
}

/**
 * `GET /api/runs/:id/survival/predictions.csv[?endpoint=]` columns:
 * endpoint,feature_set,model,id,time,event,linear_predictor,survival_at_<h1>,survival_at_<h2>,...
 * (one survival column per horizon of the endpoint; empty where a model did not predict at that horizon).
 */
export type SurvivalPredictionsCsvColumn = 'endpoint' | 'feature_set' | 'model' | 'id' | 'time' | 'event' | 'linear_predictor' | `survival_at_${number}`;

/**
 * `GET /api/survival/compare?a=<resultId>&b=<resultId>[&resamples=2000&seed=1]`: Harrell's C of two models of
 * the same comparison group on the same test patients; difference = C(a) - C(b), with a paired bootstrap
 * (patients resampled with replacement, both models scored on each resample) percentile 95 % interval and
 * two-sided p = min(1, 2 * min(share of resampled differences <= 0, share >= 0)).
 * Two models of different comparison groups: 422 naming the field that differs.
 */
export interface SurvivalCompareResponse {
  group: SurvivalComparisonGroup;
  a: { id: string; model: string; featureSet: string; runId: string; harrellC: number };
  b: { id: string; model: string; featureSet: string; runId: string; harrellC: number };
  /** Test patients both models scored. */
  n: number;
  events: number;
  /** harrellC(a) - harrellC(b): equals the difference of the two stored test C-indices. */
  difference: number;
  bootstrap: {
    resamples: number;
    seed: number;
    /** Resamples where a C-index was undefined (no comparable pair) and were skipped. */
    skipped: number;
    /** Standard deviation of the resampled differences. */
    stdErr: number;
    lower: number;
    upper: number;
    pValue: number;
  };
  competingEvents: CompetingEventsNote;
}

/** `?endpoint=` of the survival leaderboard and CSV routes: one endpoint of the run (by name); default all. */
export interface SurvivalEndpointQuery {
  endpoint?: string;
}

/** Query of GET /api/runs/:id/survival/leaderboard: an endpoint, and conditions on the rows' chosen hyper-parameters. */
export interface SurvivalLeaderboardQuery extends SurvivalEndpointQuery {
  /**
   * Rows whose chosen hyper-parameters (bestParams) meet every condition, comma-separated: name>=number, name<=number or
   * name=value (the binary leaderboards' vocabulary), e.g. `l2>=0.1,n_estimators<=500`. A filter of the rows shown: `best`
   * stays the choice by CV among all the rows. An unknown name or a bound that is not a number is a 422 naming it.
   */
  params?: string | string[];
}

/** Query of GET /api/survival/compare. */
export interface SurvivalCompareQuery {
  a: string;
  b: string;
  /** Bootstrap resamples (default 2000, 100..20000). */
  resamples?: number;
  /** Bootstrap seed (default 1). */
  seed?: number;
}
