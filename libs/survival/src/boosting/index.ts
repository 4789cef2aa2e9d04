import { SurvivalModelSpec } from '../survival-model-spec';
import { ComponentwiseCoxBoost, CoxBoostParams } from './componentwise-cox-boost';

export * from './componentwise-cox-boost';
export * from './cox-gradient';

export const boostingModels: SurvivalModelSpec[] = [
  {
    id: 'cox_boost',
    label: 'Gradient-boosted Cox (componentwise linear)',
    reference: 'mboost::glmboost(family = CoxPH())',
    defaults: { n_estimators: 100, learning_rate: 0.1 },
    rules: {
      n_estimators: { kind: 'number', min: 1, integer: true },
      learning_rate: { kind: 'number', min: 0, exclusiveMin: true, max: 1 },
    },
    deterministic: true,
    create: (p, seed) => new ComponentwiseCoxBoost(p as CoxBoostParams, seed),
  },
];
