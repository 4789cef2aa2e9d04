import type { SavedModel } from '@radsweep/classifiers';
import type { SamplerEntry } from './sampler-note';
import type { PreprocessingState } from './preprocessing-state';

export const LOCKED_MODEL_FORMAT = 'radsweep-locked-model';
/** The newest format version this RadSweep reads and writes (2: preprocessing `stages`, combat anywhere in the chain). */
export const LOCKED_MODEL_VERSION = 2;

/**
 * A locked model (format `radsweep-locked-model`; JSON Schema in locked-model.schema.json): the whole
 * fitted pipeline of one model's refit, enough to predict without the training data. Version 1 is
 * written whenever it expresses the chain (no combat, or one combat step on every input column), version
 * 2 only for the `stages` layout (preprocessing-state.ts), so files that older RadSweeps read stay version 1.
 * Stored as exact JSON (exact-json.ts) in canonical form; `sha256` is the sha256 of the canonical
 * form of every other key.
 */
export interface LockedModel {
  format: typeof LOCKED_MODEL_FORMAT;
  formatVersion: 1 | 2;
  lockedAt: string;
  software: Record<string, string>;
  source: {
    experiment: string;
    featureSet: string;
    model: string;
    label: string;
    bestParams: Record<string, unknown> | null;
    refitParams: Record<string, unknown>;
    /** The CV score the model was chosen by (mean over splits), as the results file has it. */
    cv: { metric: 'roc_auc' | 'harrell_c'; mean: number; sd: number };
    seed: number;
    leaky: boolean;
  };
  training: {
    datasetPath: string;
    datasetSha256: string;
    datasetRows: number;
    /** Rows the refit's preprocessing and model were fitted on (before any sampler). */
    trainingRows: number;
    idColumn: string;
  };
  endpoint: BinaryEndpoint | SurvivalEndpoint;
  preprocessing: PreprocessingState;
  sampler: SamplerEntry | null;
  model: { kind: 'classifier' | 'survival' | 'classifier_at_horizon'; saved: SavedModel };
  /** Recalibration applied after the model (none in version 1: a run does not recalibrate). */
  calibration: null;
  sha256: string;
}

export interface BinaryEndpoint {
  type: 'binary';
  labelColumn: string;
  positiveClass: string | number;
  /** P(positive) > threshold counts as positive. */
  threshold: number;
}

export interface SurvivalEndpoint {
  type: 'survival';
  name: string;
  timeColumn: string;
  eventColumn: string;
  eventCodes: number[];
  /** Times at which survival is predicted (a classifier at a horizon: its one horizon). */
  horizons: number[];
  /** The run's horizons (the metrics' time points). */
  endpointHorizons: number[];
  riskGroups: { split: 'median' | 'tertiles'; cutoffs: number[] };
  /** Evenly spaced times up to the last horizon of the integrated Brier score (empty for a classifier at a horizon). */
  ibsTimes: number[];
}
