import { ParamRule, ParamSpec, Params, resolveParams } from '@radsweep/core';

/**
 * Every preprocessing step's parameters: rules and defaults in libs/core's one vocabulary. The step
 * constructors and the experiment checker both read them (through `checkStepParams`), and the step
 * registry lists them; names are camelCase as every experiment key (snake_case is an accepted alias).
 */
const alphaP: ParamRule = { kind: 'number', min: 0, exclusiveMin: true, max: 1 };
const fallbackK: ParamRule = { kind: 'number', min: 1, integer: true };

/** A univariate p-value filter's: keep p < alpha, else the fallbackK of smallest p. */
const pValueFilter = (id: string): ParamSpec => ({ id, defaults: { alpha: 0.05, fallbackK: 8 }, rules: { alpha: alphaP, fallbackK } });

export const STEP_PARAMS = {
  median_imputer: { id: 'median_imputer', defaults: {}, rules: {} },
  standard_scaler: { id: 'standard_scaler', defaults: {}, rules: {} },
  welch_ttest: pValueFilter('welch_ttest'),
  cox_univariate: pValueFilter('cox_univariate'),
  lasso: {
    id: 'lasso',
    defaults: { alpha: 'cv', cv: 10, nAlphas: 100, eps: 1e-3, maxIter: 1000, tol: 1e-4, fallbackK: 8 },
    rules: {
      alpha: { kind: 'anyOf', rules: [{ kind: 'enum', values: ['cv'] }, { kind: 'number', min: 0, exclusiveMin: true }], summary: "'cv' or a fixed alpha > 0" },
      cv: { kind: 'number', min: 2, integer: true },
      nAlphas: { kind: 'number', min: 1, integer: true },
      eps: { kind: 'number', min: 0, exclusiveMin: true, max: 1, exclusiveMax: true },
      maxIter: { kind: 'number', min: 1, integer: true },
      tol: { kind: 'number', min: 0, exclusiveMin: true },
      fallbackK,
    },
  },
  combat: {
    id: 'combat',
    defaults: { continuous: [], categorical: [], eb: true, meanOnly: false },
    required: ['batch'],
    rules: { batch: { kind: 'string' }, continuous: { kind: 'stringArray' }, categorical: { kind: 'stringArray' }, eb: { kind: 'boolean' }, meanOnly: { kind: 'boolean' } },
  },
} as const satisfies Record<string, ParamSpec>;

/**
 * A step's parameters checked by libs/core's `resolveParams` (unknown names, bad values and missing required ones
 * are input errors naming `<where>.<name>`, default `<id>.<name>`), defaults filled in. An `undefined` option is
 * not given (a constructor's optional fields).
 */
export function checkStepParams(spec: ParamSpec, params: object, where?: string): Params {
  return resolveParams(spec, params as Record<string, unknown>, { kind: 'step', where });
}
