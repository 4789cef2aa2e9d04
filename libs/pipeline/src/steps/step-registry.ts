import { ParamSpec, Params, RadSweepInputError } from '@radsweep/core';
import type { StepId } from '../experiment/spec';
import type { Transformer } from '../step';
import { CombatStep, CombatStepOptions } from './combat';
import { CoxUnivariateSelector } from './cox-univariate-selector';
import { LassoSelector } from './lasso-selector';
import { MedianImputer } from './median-imputer';
import { StandardScaler } from './standard-scaler';
import { STEP_PARAMS, checkStepParams } from './step-params';
import { WelchTTestSelector } from './welch-ttest-selector';

/** One entry of the step registry (the classifiers' ModelSpec shape for a preprocessing step; `StepSpec` is a step as written in an experiment). */
export interface StepDefinition extends ParamSpec {
  id: StepId;
  /** Human name, e.g. `LASSO selection`. */
  label: string;
  /** What the step mirrors, e.g. `sklearn.linear_model.LassoCV`. */
  reference: string;
  /** The outcome it is fitted on: `binary` labels, a `survival` outcome (fitSurvival), or `any`. */
  outcome: 'binary' | 'survival' | 'any';
  /** Needs per-row context columns (a ContextualTransformer, e.g. combat's batch column). */
  contextual: boolean;
  /** A fresh, unfitted step; `params` are checked by the rules (input errors naming them). */
  create(params: Record<string, unknown>): Transformer;
}

const entries: StepDefinition[] = [
  { ...STEP_PARAMS.median_imputer, id: 'median_imputer', label: 'Median imputation', reference: "sklearn.impute.SimpleImputer(strategy='median')", outcome: 'any', contextual: false, create: (p) => (checkStepParams(STEP_PARAMS.median_imputer, p), new MedianImputer()) },
  { ...STEP_PARAMS.standard_scaler, id: 'standard_scaler', label: 'z-score', reference: 'sklearn.preprocessing.StandardScaler', outcome: 'any', contextual: false, create: (p) => (checkStepParams(STEP_PARAMS.standard_scaler, p), new StandardScaler()) },
  { ...STEP_PARAMS.welch_ttest, id: 'welch_ttest', label: "Welch's t-test filter", reference: 'scipy.stats.ttest_ind(equal_var=False)', outcome: 'binary', contextual: false, create: (p) => new WelchTTestSelector(p) },
  { ...STEP_PARAMS.lasso, id: 'lasso', label: 'LASSO selection', reference: 'sklearn.linear_model.LassoCV', outcome: 'binary', contextual: false, create: (p) => new LassoSelector(p) },
  { ...STEP_PARAMS.cox_univariate, id: 'cox_univariate', label: 'Univariate Cox filter', reference: 'R survival::coxph, Wald p', outcome: 'survival', contextual: false, create: (p) => new CoxUnivariateSelector(p) },
  { ...STEP_PARAMS.combat, id: 'combat', label: 'ComBat harmonisation', reference: 'neuroCombat (parametric empirical Bayes)', outcome: 'any', contextual: true, create: (p) => new CombatStep(p as unknown as CombatStepOptions) },
];

/** The one registry of preprocessing steps by id, in the order the protocol applies them: the experiment checker, the chain and the conformance suite read it. */
export const STEP_REGISTRY: ReadonlyMap<StepId, StepDefinition> = new Map(entries.map((s) => [s.id, s]));

export function getStepSpec(id: string, where?: string): StepDefinition {
  const spec = STEP_REGISTRY.get(id as StepId);
  if (!spec) throw new RadSweepInputError(`unknown step '${id}'; known: ${[...STEP_REGISTRY.keys()].join(', ')}`, where);
  return spec;
}

/** Checks a step's parameters against its rules and fills in defaults (errors name `<where>.<name>`). */
export function resolveStepParams(id: string, params: Record<string, unknown>, where?: string): Params {
  return checkStepParams(getStepSpec(id, where), params, where);
}

/** A fresh, unfitted step `id` with `params` (checked). */
export function createStep(id: string, params: Record<string, unknown> = {}): Transformer {
  return getStepSpec(id).create(params);
}
