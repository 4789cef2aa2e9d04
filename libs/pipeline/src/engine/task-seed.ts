import { deriveSeed } from '@radsweep/core';
import type { ModelSeedMode } from '../experiment/spec';

/** 32-bit FNV-1a hash of a string's UTF-16 code units: stable across runs, platforms and worker counts. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The model seed of one task; it never depends on when or where the task runs
 * (worker count, order).
 * - 'same' (default): as in scikit-learn's GridSearchCV over an estimator built with
 *   `random_state=seed`, every fit of every model (each configuration, each fold, the
 *   refit) gets the experiment seed itself; the models replay numpy's streams from it,
 *   so a run reproduces scikit-learn's numbers.
 * - 'derived': deriveSeed(seed, hash(feature set, model, configuration, fold)), so
 *   fits draw independent streams.
 */
export function taskSeed(experimentSeed: number, featureSet: string, modelId: string, configIndex: number, fold: number, mode: ModelSeedMode = 'same'): number {
  if (mode === 'same') return experimentSeed >>> 0;
  return deriveSeed(experimentSeed, stableHash(`${featureSet}\u0000${modelId}\u0000${configIndex}\u0000${fold}`));
}
