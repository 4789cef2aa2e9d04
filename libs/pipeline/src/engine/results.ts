import type { Params } from '@radsweep/classifiers';
import type { CalibrationUndefinedReason } from '@radsweep/metrics';
import type { ResolvedStep } from '../experiment/resolved';
import type { KeptModel } from '../locked/kept-model';
import type { ExternalCohortResult } from '../locked/external-scoring';
import type { KeptModelsIndex } from '../locked/kept-models-index';

/**
 * The results file of one run: everything the leaderboard, the dashboard and a
 * reviewer need, and every test prediction, so each metric can be recomputed.
 * Times are milliseconds of wall clock; AUCs, rates and probabilities are in [0, 1].
 */
export interface ExperimentResults {
  format: 'radsweep-results';
  formatVersion: 1;
  experiment: { name: string; description?: string; file: string };
  /** True in the "replicate as published" mode: selection was fitted on all rows, test rows included. */
  leaky: boolean;
  /** Set when leaky: a sentence saying why the numbers are optimistic. */
  leakyNote?: string;
  seed: number;
  /** How each model fit's seed was chosen (see ModelSeedMode). */
  modelSeeds: 'derived' | 'same';
  dataset: {
    path: string;
    sha256: string;
    rows: number;
    positives: number;
    positiveClass: string | number;
    idColumn: string;
    labelColumn: string;
  };
  split: { type: string; testIds: string[]; trainIds: string[] };
  cv: {
    type: string;
    foldsPerRepeat: number;
    repeats: number;
    /** Per repeat, the CV fold of each training id (in `split.trainIds` order). */
    foldOfTrainId: number[][];
  };
  settings: {
    steps: { id: string; params: Record<string, unknown> }[];
    sampler: { id: string; params: Params } | null;
    scoring: 'roc_auc';
    metrics: { threshold: number; bootstrap: number; calibrationBins: number };
  };
  software: Record<string, string>;
  workers: number;
  featureSets: FeatureSetResult[];
  /** Where `radsweep run --keep-models` wrote each model's refit, for `radsweep lock`. */
  keptModels?: KeptModelsIndex;
  timings: { loadMs: number; totalMs: number };
}

export interface FeatureSetResult {
  name: string;
  /** Columns the feature set matched (before any selection). */
  features: string[];
  /** This feature set's own preprocessing chain, when it replaced the experiment's `settings.steps`. */
  steps?: ResolvedStep[];
  classBalance: { train: { n: number; positives: number }; test: { n: number; positives: number } };
  /** The chain refit on the whole training part (what every final model uses). */
  selection: SelectionSummary;
  /** Per CV split: how many features survived and how long the chain took. */
  folds: { fold: number; trainRows: number; sampledRows: number; heldRows: number; nFeatures: number; ms: number }[];
  models: ModelResult[];
  /**
   * preprocessingMs: the chain of each CV split (fit, sample, transform); tasksMs: wall time
   * of all CV fits and refits; refitsMs: sum of the refits' own wall times (they overlap
   * with other tasks); totalMs: the feature set from start to end.
   */
  timings: { preprocessingMs: number[]; refitPreprocessingMs: number; tasksMs: number; refitsMs: number; metricsMs: number; totalMs: number };
}

export interface SelectionSummary {
  steps: { step: string; scoreKind: string; fallbackUsed: boolean; inputCount: number; keptCount: number; details?: Record<string, number | string | boolean> }[];
  /** Output features of the chain, with each selector's score (e.g. `welch_ttest.p_value`, `lasso.coefficient`). */
  selectedFeatures: SelectedFeature[];
}

export interface SelectedFeature {
  name: string;
  scores: Record<string, number>;
}

export interface ConfigResult {
  index: number;
  params: Params;
  foldAuc: number[];
  /**
   * Wall time (ms) of each fold's fit inside its worker, in foldAuc's order (0 for a
   * failed fit): the measured task durations for scheduling (benchmarks/schedule-simulation.bench.ts).
   */
  foldFitMs?: number[];
  mean: number;
  sd: number;
  /** Set when a fit failed on some fold (the configuration is then not eligible). */
  error?: string;
}

export interface ModelResult {
  model: string;
  label: string;
  bestParams: Params | null;
  bestConfigIndex: number;
  /** Every parameter the refit model was built with (defaults filled in). */
  refitParams: Params | null;
  cv: { auc: { mean: number; sd: number }; perConfig: ConfigResult[] };
  test: TestMetrics | null;
  roc: { fpr: number[]; tpr: number[]; threshold: number[] } | null;
  calibration: { meanPredicted: number[]; observed: number[]; count: number[] } | null;
  selectedFeatures: SelectedFeature[];
  predictions: { id: string; label: number; probability: number }[];
  /**
   * Out-of-fold predictions of the best configuration: for every CV split, the
   * probability of each training patient it held out, from the fit that scored that
   * split (cv.auc.mean is the mean over splits of the ROC AUC of these). With
   * repeated CV each patient appears once per repeat. Empty when no configuration succeeded.
   */
  oofPredictions: OofPrediction[];
  /** The refit's fitted pipeline (only with RunOptions.keepModels; the CLI writes it to its --keep-models folder, not into the results file). */
  kept?: KeptModel;
  /** Scores on each external cohort of the experiment (validation.external), pooled and per centre. */
  external?: ExternalCohortResult[];
  /** Why the model has no test result (every configuration failed, or the refit failed). */
  error?: string;
  timings: { cvFitMs: number; refitMs: number };
}

/** A training patient's held-out probability in one CV split (`fold` = repeat x foldsPerRepeat + fold). */
export interface OofPrediction {
  id: string;
  fold: number;
  label: number;
  probability: number;
}

export interface TestMetrics {
  n: number;
  positives: number;
  threshold: number;
  auc: number;
  aucCi: {
    level: number;
    bootstrap: { lower: number; upper: number; resamples: number; validResamples: number; seed: number; stratified: boolean } | null;
    delong: { lower: number; upper: number; se: number } | null;
  };
  accuracy: number;
  precision: number;
  recall: number;
  specificity: number;
  f1: number;
  balancedAccuracy: number;
  mcc: number;
  brier: number;
  /** NaN in the engine, null in the results file, when undefined (see `calibrationUndefined`). */
  calibrationSlope: number;
  calibrationIntercept: number;
  /**
   * Why the calibration slope / intercept is undefined, each null when it is defined: `prediction-at-0-or-1`
   * (some test prediction is exactly 0 or 1: infinite logit, no clipping), `separated` (slope only),
   * `not-converged`. Absent in results files written before this field existed.
   */
  calibrationUndefined?: { slope: CalibrationUndefinedReason | null; intercept: CalibrationUndefinedReason | null };
  /** The class predicted for every test patient, or null. */
  singleClassPrediction: 0 | 1 | null;
  confusion: { tp: number; fp: number; tn: number; fn: number };
}

export const LEAKY_NOTE =
  'LEAKY: preprocessing and feature selection were fitted on ALL rows, test rows included (replicate-as-published mode); CV and test scores are optimistic.';
