import type { Params } from '@radsweep/classifiers';
import type { FeatureSetSpec, MetricsSettings, ModelSeedMode, StepId } from './spec';

/**
 * An experiment checked and made concrete: absolute paths, id files read, every
 * model configuration expanded and its parameters resolved against the registry.
 * The engine consumes only this.
 */
export interface ResolvedExperiment {
  /** Absolute path of the experiment file (or '<inline>'). */
  file: string;
  name: string;
  description?: string;
  seed: number;
  modelSeeds: ModelSeedMode;
  dataset: { file: string; shown: string; idColumn: string; labelColumn: string; positiveClass: string | number };
  featureSets: ResolvedFeatureSet[];
  split: ResolvedSplit;
  cv: ResolvedCv;
  steps: ResolvedStep[];
  sampler: ResolvedSampler | null;
  models: ResolvedModel[];
  metrics: MetricsSettings;
  maxConfigurations: number;
  /** Chain fitted on all rows (test rows included): results are labelled LEAKY. */
  leaky: boolean;
  /** External cohorts every model is also scored on after the sweep (validation.external; empty = none). */
  external: ResolvedExternalCohort[];
  /**
   * Time-to-event endpoints (each its own leaderboard); absent for a binary experiment. With them,
   * `models` are survival models (the @radsweep/survival registry) and `dataset.labelColumn` is ''.
   */
  endpoints?: ResolvedSurvivalEndpoint[];
}

export interface ResolvedExternalCohort {
  name: string;
  /** Absolute path, and as shown in messages and results. */
  file: string;
  shown: string;
  centreColumn?: string;
}

export interface ResolvedSurvivalEndpoint {
  name: string;
  time: string;
  event: string;
  /** Codes of the event of interest; 0 = censored; any other code is a competing event. */
  eventCodes: number[];
  /** Increasing prediction / scoring times. */
  horizons: number[];
  riskGroups: 'median' | 'tertiles';
  /** `file:line: endpoints[i]` for data errors about this endpoint. */
  where: string;
}

export type ResolvedSplit =
  | { type: 'stratified_holdout'; testSize: number }
  | { type: 'test_ids'; file: string; shown: string; ids: string[] };

export type ResolvedCv =
  | { type: 'stratified_kfold'; folds: number }
  | { type: 'repeated_stratified_kfold'; folds: number; repeats: number }
  | { type: 'fold_assignment'; file: string; shown: string; foldOfId: Map<string, number> };

/** A feature set; `steps`, when given, replaces the experiment's steps for this set. */
export type ResolvedFeatureSet = Omit<FeatureSetSpec, 'steps'> & { steps?: ResolvedStep[] };

/** The preprocessing chain of feature set `set`: its own steps, else the experiment's. */
export function featureSetSteps(exp: Pick<ResolvedExperiment, 'steps' | 'featureSets'>, set: number): ResolvedStep[] {
  return exp.featureSets[set]?.steps ?? exp.steps;
}

export interface ResolvedStep {
  id: StepId;
  /** Parameters as written (the step applies its own defaults). */
  params: Record<string, unknown>;
}

export interface ResolvedSampler {
  id: string;
  params: Params;
}

export interface ResolvedModel {
  id: string;
  label: string;
  configs: ModelConfig[];
  /** In a survival experiment: a binary classifier predicting the event by the endpoint's first horizon. */
  atHorizon?: true;
}

export interface ModelConfig {
  /** Position in grid order (scikit-learn's ParameterGrid order). */
  index: number;
  /** The grid's values for this configuration (what GridSearchCV calls params). */
  gridParams: Params;
  /** Every parameter, defaults filled in: what the model is built with. */
  params: Params;
}

/**
 * Fits one feature set (of one endpoint) takes: every configuration on every CV split, then one refit per
 * model. The engines' progress totals and the server's per-task totals at launch use this one count.
 */
export function fitsPerFeatureSet(exp: Pick<ResolvedExperiment, 'models' | 'cv'>): number {
  const splits = cvSplitCount(exp.cv);
  return exp.models.reduce((s, m) => s + m.configs.length * splits + 1, 0);
}

/** Number of CV splits the validation scheme makes (folds x repeats, or distinct assigned folds). */
export function cvSplitCount(cv: ResolvedCv): number {
  switch (cv.type) {
    case 'stratified_kfold':
      return cv.folds;
    case 'repeated_stratified_kfold':
      return cv.folds * cv.repeats;
    case 'fold_assignment':
      return new Set(cv.foldOfId.values()).size;
  }
}
