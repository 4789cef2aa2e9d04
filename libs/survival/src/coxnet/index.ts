import { SurvivalModelSpec } from '../survival-model-spec';
import { LASSO_COX_RULES, LassoCox, LassoCoxParams } from './lasso-cox';

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
    rules: LASSO_COX_RULES,
    deterministic: false,
    notes: 'lambda = null chooses the penalty by seeded K-fold CV (the seed draws the folds); a fixed lambda makes the fit deterministic.',
    create: (p, seed) => new LassoCox(p as LassoCoxParams, seed),
  },
];
