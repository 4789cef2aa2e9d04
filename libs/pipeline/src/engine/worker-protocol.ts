import type { Params, SavedModel } from '@radsweep/classifiers';
import type { ResolvedSampler, ResolvedStep } from '../experiment/resolved';
import type { FeatureSetData, FoldPlan, PreparedFold } from './prepare-fold';

/**
 * Messages between the engine and its task workers. A worker first receives a
 * feature set's data and then the prepared folds (typed arrays on
 * SharedArrayBuffers, so every worker reads the same memory without copies),
 * then any number of fit tasks, and finally a release of that feature set.
 * Several feature sets can be live at once (the next one's chains overlap the
 * current one's last fits), so every message names its feature set by `set`,
 * the feature set's index in the experiment.
 */
export type WorkerRequest =
  | { type: 'featureSet'; set: number; data: FeatureSetData }
  | { type: 'prepare'; set: number; plan: FoldPlan; chain: ChainSpec }
  | { type: 'folds'; set: number; folds: PreparedFold[] }
  /** Prepared folds without their feature set's data (a two-stage fit task reads them from the artefact store): only fits can use them. */
  | { type: 'foldSet'; set: number; folds: PreparedFold[] }
  | { type: 'fit'; set: number; task: FitTask }
  /** A model's configurations on one CV fold, fitted in this order by one worker (whose fit caches then serve the whole group). */
  | { type: 'fitGroup'; set: number; tasks: FitTask[] }
  | { type: 'fitSurvival'; set: number; task: SurvivalFitTask }
  | { type: 'fitAtHorizon'; set: number; task: HorizonFitTask }
  | { type: 'release'; set: number };

/** What builds a fold's chain: the experiment's steps and sampler, the seed, and the leaky-mode rows. */
export interface ChainSpec {
  steps: ResolvedStep[];
  sampler: ResolvedSampler | null;
  seed: number;
  /** Rows the chain is fitted on in the leaky "replicate as published" mode (all rows); absent otherwise. */
  leakyRows?: Int32Array;
}

/** Fit one model configuration on one prepared fold and predict its held-out rows. */
export interface FitTask {
  fold: number;
  modelId: string;
  params: Params;
  seed: number;
  /** Return the fitted model's state (a refit whose pipeline is kept for locking). */
  keepModel?: boolean;
}

export interface FitResult {
  /** P(positive) of each held-out row of the fold, in the fold's heldRows order. */
  proba: Float64Array;
  fitMs: number;
  /** The fitted model's toJSON(), when the task asked for it. */
  model?: SavedModel;
}

/** One fit of a 'fitGroup': its result, or its error's message (a failing fit fails its configuration only, as a lone 'fit'). */
export type GroupFitOutcome = { ok: true; proba: Float64Array; fitMs: number } | { ok: false; message: string };

/**
 * Fit one survival model configuration on one prepared fold (its rows' follow-up given here, in the
 * fold's training-row order) and predict its held-out rows: risk, and survival at `times`.
 */
export interface SurvivalFitTask extends FitTask {
  fitTime: Float64Array;
  fitEvent: Uint8Array;
  /** Times at which to predict survival (empty for a CV fit, scored on the risk only). */
  times: number[];
  /** Also return the risk of the training rows (the refit: risk-group cut-offs come from the training cohort). */
  trainingRisk: boolean;
}

/**
 * Fit a classifier on the fold's training rows whose status at a horizon is known (`rows`, positions in
 * the fold's training rows; `labels` 1 = event by the horizon) and predict P(event by the horizon) of its
 * held-out rows, returned as a SurvivalFitResult (risk = that probability, survival = 1 - it).
 */
export interface HorizonFitTask extends FitTask {
  rows: Int32Array;
  labels: Uint8Array;
  trainingRisk: boolean;
}

export interface SurvivalFitResult {
  /** Risk score (linear predictor for Cox models) of each held-out row, in heldRows order. */
  risk: Float64Array;
  /** S(times[k] | x_i) at [i * times.length + k]. */
  survival: Float64Array;
  /** Risk of each training row, when asked. */
  trainingRisk: Float64Array | null;
  fitMs: number;
  /** The fitted model's toJSON(), when the task asked for it. */
  model?: SavedModel;
}

export type WorkerResponse = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  where?: string;
  stack?: string;
}
