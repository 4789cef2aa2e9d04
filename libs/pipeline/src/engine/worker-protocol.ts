import type { Params } from '@radsweep/classifiers';
import type { ResolvedSampler, ResolvedStep } from '../experiment/resolved';
import type { FeatureSetData, FoldPlan, PreparedFold } from './prepare-fold';

/**
 * Messages between the engine and its task workers. A worker first receives a
 * feature set's data and then the prepared folds (typed arrays on
 * SharedArrayBuffers, so every worker reads the same memory without copies),
 * then any number of fit tasks.
 */
export type WorkerRequest =
  | { type: 'featureSet'; data: FeatureSetData }
  | { type: 'prepare'; plan: FoldPlan; chain: ChainSpec }
  | { type: 'folds'; folds: PreparedFold[] }
  | { type: 'fit'; task: FitTask };

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
}

export interface FitResult {
  /** P(positive) of each held-out row of the fold, in the fold's heldRows order. */
  proba: Float64Array;
  fitMs: number;
}

export type WorkerResponse = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  where?: string;
  stack?: string;
}
