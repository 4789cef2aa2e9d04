import { Transformer } from '../step';
import { CombatStep, CombatStepOptions, CoxUnivariateSelector, LassoSelector, MedianImputer, StandardScaler, WelchTTestSelector } from '../steps';
import { SamplerId, createSampler } from '../samplers';
import type { StepId } from '../experiment/spec';
import type { ChainParts } from './preprocessing-chain';
import type { ChainSpec } from './worker-protocol';

/** Step id (as written in an experiment) -> a fresh, unfitted step. */
const STEP_FACTORIES: Record<StepId, (params: Record<string, unknown>) => Transformer> = {
  median_imputer: () => new MedianImputer(),
  standard_scaler: () => new StandardScaler(),
  welch_ttest: (p) => new WelchTTestSelector(p),
  lasso: (p) => new LassoSelector(p),
  cox_univariate: (p) => new CoxUnivariateSelector(p),
  combat: (p) => new CombatStep(p as unknown as CombatStepOptions),
};

/** The known step ids, in the order the protocol applies them. */
export const STEP_IDS = Object.keys(STEP_FACTORIES) as StepId[];

/**
 * Builds one fold's chain from the experiment: fresh steps, and the sampler
 * seeded by the experiment seed (the same in every fold, as imbalanced-learn's
 * `random_state=42` in the reference protocol).
 */
export function createChainParts(spec: ChainSpec): ChainParts {
  return {
    steps: spec.steps.map((s) => STEP_FACTORIES[s.id](s.params)),
    sampler: spec.sampler ? createSampler(spec.sampler.id as SamplerId, spec.sampler.params, spec.seed) : null,
  };
}
