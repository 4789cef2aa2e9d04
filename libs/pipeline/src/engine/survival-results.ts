import type { Params } from '@radsweep/classifiers';
import type { ResolvedStep } from '../experiment/resolved';
import type { ExperimentResults, SelectionSummary, SelectedFeature } from './results';
import type { KeptModel } from '../locked/kept-model';
import type { ExternalCohortResult } from '../locked/external-scoring';

/**
 * The results file of a run with survival endpoints: per endpoint and feature set, each survival
 * model's CV C-index per configuration, its test metrics, and every test patient's risk score and
 * predicted survival at each horizon, so each metric can be recomputed. Times are in the time column's
 * unit (e.g. days).
 */
export interface SurvivalExperimentResults extends Omit<ExperimentResults, 'formatVersion' | 'featureSets' | 'split' | 'cv' | 'settings' | 'dataset'> {
  /** 'survival': read `endpoints`, not `featureSets`. */
  kind: 'survival';
  formatVersion: 1;
  dataset: { path: string; sha256: string; rows: number; idColumn: string };
  settings: {
    steps: { id: string; params: Record<string, unknown> }[];
    sampler: null;
    scoring: 'harrell_c';
    metrics: { calibrationBins: number; ibsTimes: number };
  };
  endpoints: SurvivalEndpointResult[];
}

export interface SurvivalEndpointResult {
  name: string;
  timeColumn: string;
  eventColumn: string;
  eventCodes: number[];
  horizons: number[];
  /** How competing events were handled, and how many there were (cohort). */
  competingEvents: { count: number; handling: 'censored at their time (cause-specific)' };
  /** The whole cohort: patients, events of interest, censored (competing included). */
  cohort: { n: number; events: number };
  split: { type: string; testIds: string[]; trainIds: string[] };
  cv: { type: string; foldsPerRepeat: number; repeats: number; foldOfTrainId: number[][] };
  featureSets: SurvivalFeatureSetResult[];
}

export interface SurvivalFeatureSetResult {
  name: string;
  features: string[];
  /** This feature set's own preprocessing chain, when it replaced the experiment's `settings.steps`. */
  steps?: ResolvedStep[];
  events: { train: { n: number; events: number }; test: { n: number; events: number } };
  selection: SelectionSummary;
  folds: { fold: number; trainRows: number; trainEvents: number; heldRows: number; nFeatures: number; ms: number }[];
  models: SurvivalModelResult[];
  timings: { preprocessingMs: number[]; refitPreprocessingMs: number; tasksMs: number; metricsMs: number; totalMs: number };
}

export interface SurvivalConfigResult {
  index: number;
  params: Params;
  /** Harrell's C of each CV split's held-out rows. */
  foldC: number[];
  mean: number;
  sd: number;
  error?: string;
}

export interface SurvivalModelResult {
  model: string;
  label: string;
  bestParams: Params | null;
  bestConfigIndex: number;
  refitParams: Params | null;
  /** Mean (population sd) over CV splits of Harrell's C: what picked the configuration. */
  cv: { cIndex: { mean: number; sd: number }; perConfig: SurvivalConfigResult[] };
  test: SurvivalTestMetrics | null;
  selectedFeatures: SelectedFeature[];
  /**
   * Every test patient: follow-up, event indicator (1 = event of interest), the model's risk score
   * (`linearPredictor`: x . beta for Cox models, the logit of P(event by the horizon) for a classifier
   * at a horizon, the model's risk score otherwise) and predicted survival at each of `predictedAt`.
   */
  predictions: SurvivalPrediction[];
  /** Times of `predictions[].survival`: the endpoint's horizons, or a classifier's one horizon. */
  predictedAt: number[];
  /**
   * A classifier at a horizon: the horizon, and how many training patients censored before it were left
   * out of each CV split's fit and of the refit (their status at the horizon is unknown).
   */
  atHorizon?: { horizon: number; excludedCensored: { cvSplits: number[]; refit: number } };
  /** The best configuration's held-out risk scores of every CV split (cv.cIndex.mean is computed from these). */
  oofPredictions: { id: string; fold: number; time: number; event: number; linearPredictor: number }[];
  /** The refit's fitted pipeline (only with RunOptions.keepModels; the CLI writes it to its --keep-models folder, not into the results file). */
  kept?: KeptModel;
  /** Scores on each external cohort of the experiment (validation.external), pooled and per centre. */
  external?: ExternalCohortResult[];
  error?: string;
  timings: { cvFitMs: number; refitMs: number };
}

export interface SurvivalPrediction {
  id: string;
  time: number;
  event: number;
  linearPredictor: number;
  survival: number[];
}

/** An estimate with a Wald interval (level 0.95). */
export interface EstimateWithCi {
  estimate: number;
  stdErr: number;
  lower: number;
  upper: number;
}

export interface SurvivalTestMetrics {
  n: number;
  events: number;
  /** Harrell's C of the risk score (survival::concordance conventions), SE by infinitesimal jackknife. */
  harrellC: EstimateWithCi;
  /** Uno's C truncated at the last horizon. */
  unoC: EstimateWithCi & { tau: number };
  /** Per horizon: cumulative/dynamic AUC and Brier score of the predicted risk 1 - S(h) (with the KM null model's Brier), its decision curve and calibration. */
  atHorizon: {
    horizon: number;
    auc: EstimateWithCi;
    brier: EstimateWithCi;
    nullBrier: EstimateWithCi;
    /** Net benefit at risk thresholds 0.01..0.99 of treating by the model, and of treating everyone (treating no one: 0). */
    decisionCurve: { threshold: number; model: number; treatAll: number }[];
    calibration: { group: number; n: number; meanPredictedRisk: number; observedRisk: number; observedLower: number; observedUpper: number }[];
  }[];
  /** Integrated Brier score over `ibsTimes` evenly spaced times up to the last horizon, with the KM null model's; null for a classifier at a horizon. */
  ibs: { estimate: number; nullEstimate: number; times: number[] } | null;
  /** td-AUC of 1 - S(t) at each of the IBS times that has a case and a control (the model record's curve); empty for a classifier at a horizon. */
  aucOverTime: ({ time: number } & EstimateWithCi)[];
  /** Cox regression of the outcome on the risk score (1 = well calibrated spread). */
  calibrationSlope: { slope: number; stdErr: number };
  /** Test patients split at the training cohort's cut-off(s) of the risk score, with KM curves and log-rank test. */
  riskGroups: {
    split: 'median' | 'tertiles';
    cutoffs: number[];
    groups: { group: number; n: number; events: number; km: { time: number[]; survival: number[]; nRisk: number[] } | null }[];
    logRank: { chiSquare: number; df: number; pValue: number } | null;
  };
}
