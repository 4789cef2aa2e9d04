import type { ParamRule, ParamSpec, Params } from '@radsweep/core';
import { SurvivalModel } from './survival-model';

/** One entry of the survival model registry (the classifiers' `ModelSpec` shape). */
export interface SurvivalModelSpec extends ParamSpec {
  /** Registry id, e.g. `cox_ph`. */
  id: string;
  /** Human name, e.g. `Cox proportional hazards`. */
  label: string;
  /** The R function the model mirrors, for notes and comparisons. */
  reference: string;
  /** Every accepted hyper-parameter with its default. */
  defaults: Params;
  rules: Record<string, ParamRule>;
  /** True when fit makes no random choice (same data -> same model whatever the seed). */
  deterministic: boolean;
  /** Where the implementation differs from the reference, and why. */
  notes?: string;
  /** Lighter settings the conformance suite fits with (e.g. fewer trees); the defaults are still checked to build. */
  conformanceParams?: Partial<Params>;
  create(params: Partial<Params>, seed: number): SurvivalModel;
}
