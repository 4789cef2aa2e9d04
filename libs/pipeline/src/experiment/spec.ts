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
  featureSets: FeatureSetSpec[];
  validation: { split: SplitSpec; cv: CvSpec };
  steps?: StepSpec[];
  sampler?: SamplerEntrySpec;
  models: ModelEntrySpec[];
  scoring?: 'roc_auc';
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
  labelColumn: string;
  positiveClass: string | number;
}

export interface FeatureSetSpec {
  name: string;
  include: string[];
  exclude?: string[];
}

export type SplitSpec = { type: 'stratified_holdout'; testSize: number } | { type: 'test_ids'; file: string };

export type CvSpec =
  | { type: 'stratified_kfold'; folds: number }
  | { type: 'repeated_stratified_kfold'; folds: number; repeats: number }
  | { type: 'fold_assignment'; file: string };

/** One step as written: `{ lasso: { alpha: 'cv' } }`. */
export type StepSpec = Partial<Record<StepId, Record<string, unknown>>>;
export type StepId = 'median_imputer' | 'standard_scaler' | 'welch_ttest' | 'lasso';

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
