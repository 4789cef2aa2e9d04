import { SurvivalModelSpec } from '../survival-model-spec';
import { CoxPH, CoxPhParams } from './cox-ph';

export * from './cox-ph';
export * from './partial-likelihood';
export * from './baseline-hazard';
export * from './linear-hazard';

export const coxModels: SurvivalModelSpec[] = [
  {
    id: 'cox_ph',
    label: 'Cox proportional hazards',
    reference: 'survival::coxph + survfit.coxph',
    defaults: { ties: 'efron', l2: 0, max_iter: 20, eps: 1e-9 },
    rules: {
      ties: { kind: 'enum', values: ['efron', 'breslow'] },
      l2: { kind: 'number', min: 0 },
      max_iter: { kind: 'number', min: 1, integer: true },
      eps: { kind: 'number', min: 0, exclusiveMin: true },
    },
    deterministic: true,
    create: (p, seed) => new CoxPH(p as CoxPhParams, seed),
  },
];
export * from './linear-hazard-model';
