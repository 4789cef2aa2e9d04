import { deriveSeed } from '@radsweep/core';

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
 * The model seed of one task: derived from the experiment seed and what the task
 * is (feature set, model, configuration, fold), never from when or where it runs,
 * so results do not depend on the number of workers or the order of tasks.
 */
export function taskSeed(experimentSeed: number, featureSet: string, modelId: string, configIndex: number, fold: number): number {
  return deriveSeed(experimentSeed, stableHash(`${featureSet}\u0000${modelId}\u0000${configIndex}\u0000${fold}`));
}
