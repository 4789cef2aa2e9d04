import type { ParamValue, Params } from '@radsweep/classifiers';

/**
 * The experiment file as written (after schema validation), camelCase keys.
 * The JSON Schema in experiment.schema.json is the published form of these types.
 */
export interface ExperimentSpec {
  name: string;
  description?: string;
  seed: number;
  modelSeeds?: ModelSeedMode;
  dataset: DatasetSpec;
  /** Time-to-event endpoints; absent = the binary endpoint of dataset.labelColumn (see SurvivalEndpointSpec). */
  endpoints?: SurvivalEndpointSpec[];
  featureSets: FeatureSetSpec[];
  validation: { split: SplitSpec; cv: CvSpec; external?: ExternalCohortSpec[] };
  steps?: StepSpec[];
  sampler?: SamplerEntrySpec;
  models: ModelEntrySpec[];
  /** roc_auc for a binary endpoint; harrell_c (the default there) for survival endpoints. */
  scoring?: 'roc_auc' | 'harrell_c';
  metrics?: Partial<MetricsSettings>;
  limits?: { maxConfigurations?: number };
  leakyReplicateAsPublished?: boolean;
}

/**
 * Seed of each model fit: 'same' (default) = the experiment seed for every fit
 * (scikit-learn's random_state=seed on each estimator); 'derived' = deriveSeed(seed,
 * hash(feature set, model, configuration, fold)). Either way independent of worker count and order.
 */
export type ModelSeedMode = 'derived' | 'same';

export interface DatasetSpec {
  /** Relative to the experiment file. */
  path: string;
  idColumn: string;
  /** The binary endpoint's label; required without `endpoints`, refused with them. */
  labelColumn?: string;
  positiveClass?: string | number;
}

/**
 * A time-to-event endpoint: follow-up `time` (>= 0) and `event` code columns. A code in `eventCodes`
 * (default [1]) is the event of interest, 0 is censoring, any other code a competing event, which
 * cause-specific models treat as censored at its time (stated in the results).
 */
export interface SurvivalEndpointSpec {
  name: string;
  type: 'survival';
  time: string;
  event: string;
  eventCodes?: number[];
  /** Times (in the time column's unit, e.g. days) at which survival is predicted and scored; increasing. */
  horizons: number[];
  /** Risk groups of the test part, cut at the training cohort's median (default) or tertiles of the risk score. */
  riskGroups?: 'median' | 'tertiles';
}

/** An external cohort every model is also scored on after the sweep (path relative to the experiment file). */
export interface ExternalCohortSpec {
  name: string;
  path: string;
  centreColumn?: string;
}

export interface FeatureSetSpec {
  name: string;
  include: string[];
  exclude?: string[];
  /** This feature set's preprocessing chain, instead of the experiment's `steps` (e.g. with and without combat). */
  steps?: StepSpec[];
}

export type SplitSpec = { type: 'stratified_holdout'; testSize: number } | { type: 'test_ids'; file: string };

export type CvSpec =
  | { type: 'stratified_kfold'; folds: number }
  | { type: 'repeated_stratified_kfold'; folds: number; repeats: number }
  | { type: 'fold_assignment'; file: string };

/** One step as written: `{ lasso: { alpha: 'cv' } }`. */
export type StepSpec = Partial<Record<StepId, Record<string, unknown>>>;
export type StepId = 'median_imputer' | 'standard_scaler' | 'welch_ttest' | 'lasso' | 'cox_univariate' | 'combat';

/** `'none'` or `{ smote: { k_neighbors: 5 } }`. */
export type SamplerEntrySpec = 'none' | Record<string, Params>;

export type GridSpec = Record<string, ParamValue[]>;

export interface ModelEntrySpec {
  id: string;
  params?: Params;
  grid?: GridSpec | GridSpec[];
}

export interface MetricsSettings {
  /** P(positive) above which a patient is predicted positive (scikit-learn's predict: > 0.5). */
  threshold: number;
  /** Bootstrap resamples of the test AUC's CI. */
  bootstrap: number;
  calibrationBins: number;
}

export const DEFAULT_METRICS: MetricsSettings = { threshold: 0.5, bootstrap: 1000, calibrationBins: 10 };
export const DEFAULT_MAX_CONFIGURATIONS = 1000;
