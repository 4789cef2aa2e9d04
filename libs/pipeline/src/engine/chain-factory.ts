import { STEP_REGISTRY, createStep } from '../steps';
import { SamplerId, createSampler } from '../samplers';
import type { StepId } from '../experiment/spec';
import type { ChainParts } from './preprocessing-chain';
import type { ChainSpec } from './worker-protocol';

/** The known step ids, in the order the protocol applies them (the step registry's). */
export const STEP_IDS: StepId[] = [...STEP_REGISTRY.keys()];

/**
 * Builds one fold's chain from the experiment: fresh steps, and the sampler
 * seeded by the experiment seed (the same in every fold, as imbalanced-learn's
 * `random_state=42` in the reference protocol).
 */
export function createChainParts(spec: ChainSpec): ChainParts {
  return {
    steps: spec.steps.map((s) => createStep(s.id, s.params)),
    sampler: spec.sampler ? createSampler(spec.sampler.id as SamplerId, spec.sampler.params, spec.seed) : null,
  };
}
