import { SurvivalModelSpec } from '../survival-model-spec';
import { LassoCox, LassoCoxParams } from './lasso-cox';

export * from './coxnet-path';
export * from './cv-coxnet';
export * from './lasso-cox';
export * from './glmnet-risk-groups';
export * from './singleton-sort';

export const coxnetModels: SurvivalModelSpec[] = [
  {
    id: 'lasso_cox',
    label: 'LASSO / elastic-net Cox',
    reference: 'glmnet::glmnet(family = "cox") + cv.glmnet',
    defaults: { alpha: 1, lambda: null, nlambda: 100, lambda_min_ratio: null, thresh: 1e-7, maxit: 100000, standardize: true, cv_folds: 5, cv_measure: 'deviance' },
    rules: {
      alpha: { kind: 'number', min: 0, max: 1 },
      lambda: { kind: 'number', min: 0, nullable: true },
      nlambda: { kind: 'number', min: 2, integer: true },
      lambda_min_ratio: { kind: 'number', min: 0, exclusiveMin: true, max: 0.999999, nullable: true },
      thresh: { kind: 'number', min: 0, exclusiveMin: true },
      maxit: { kind: 'number', min: 1, integer: true },
      standardize: { kind: 'boolean' },
      cv_folds: { kind: 'number', min: 2, integer: true },
      cv_measure: { kind: 'enum', values: ['deviance', 'C'] },
    },
    deterministic: false,
    notes: 'lambda = null chooses the penalty by seeded K-fold CV (the seed draws the folds); a fixed lambda makes the fit deterministic.',
    create: (p, seed) => new LassoCox(p as LassoCoxParams, seed),
  },
];
