import { Matrix, ParamRule, checkParam } from '@radsweep/core';
import { SurvivalOutcome } from '../survival-input';
import { groupByTime } from '../time-groups';
import { coxBaselineHazard } from '../cox/baseline-hazard';
import { linearPredictor } from '../cox/linear-hazard';
import { LinearHazardModel } from '../cox/linear-hazard-model';
import { CoxnetOptions, coxnetPath } from './coxnet-path';
import { CvMeasure, cvCoxnet } from './cv-coxnet';

export interface LassoCoxParams {
  [k: string]: number | string | boolean | null;
  alpha: number;
  /** The penalty; null = chosen by seeded K-fold CV (lambda.min of `cv_measure`). */
  lambda: number | null;
  nlambda: number;
  /** null = glmnet's default (1e-4 when n >= p, else 0.01). */
  lambda_min_ratio: number | null;
  thresh: number;
  maxit: number;
  standardize: boolean;
  cv_folds: number;
  cv_measure: CvMeasure;
}

/** LASSO-Cox's parameter rules: the registry entry's and the model's own check (a model built directly, not through the registry). */
export const LASSO_COX_RULES: Readonly<Record<string, ParamRule>> = {
  alpha: { kind: 'number', min: 0, max: 1 },
  lambda: { kind: 'number', min: 0, nullable: true },
  nlambda: { kind: 'number', min: 2, integer: true },
  lambda_min_ratio: { kind: 'number', min: 0, exclusiveMin: true, max: 0.999999, nullable: true },
  thresh: { kind: 'number', min: 0, exclusiveMin: true },
  maxit: { kind: 'number', min: 1, integer: true },
  standardize: { kind: 'boolean' },
  cv_folds: { kind: 'number', min: 2, integer: true },
  cv_measure: { kind: 'enum', values: ['deviance', 'C'] },
};

/**
 * LASSO / elastic-net Cox (glmnet `family = "cox"`, `coxnetPath`): Breslow partial likelihood,
 * standardised covariates, coefficients on the original scale. The model is fitted the way
 * glmnet users get a single-lambda model: along glmnet's own lambda path (warm starts) down to
 * `lambda`, which is solved last. With lambda = null the penalty is chosen by `cvCoxnet` on the
 * training rows (folds drawn from the model's seed). Survival: the Efron baseline hazard of the
 * fitted linear predictor, as glmnet's `survfit.coxnet` (coxph(init = 1, iter = 0) on it).
 *
 * Parameters: alpha = 1, lambda = null, nlambda = 100, lambda_min_ratio = null, thresh = 1e-7,
 * maxit = 100000, standardize = true, cv_folds = 5, cv_measure = 'deviance'.
 */
export class LassoCox extends LinearHazardModel<LassoCoxParams> {
  readonly id = 'lasso_cox';
  /** The lambda the last fit used (chosen by CV when params.lambda is null); not part of the saved state. */
  lambdaUsed = NaN;


  protected fitImpl(x: Matrix, y: SurvivalOutcome): void {
    const opts = this.pathOptions();
    let lambda = this.params.lambda;
    if (lambda === null) {
      const cv = cvCoxnet(x, y.time, y.event, { ...opts, nfolds: this.params.cv_folds, seed: this.seed, measure: this.params.cv_measure }, this.id);
      lambda = cv.lambdaMin;
    }
    const path = coxnetPath(x, y.time, y.event, opts, this.id);
    const above = Array.from(path.lambdas).filter((l) => l > lambda!);
    const fit = coxnetPath(x, y.time, y.event, { ...opts, lambdas: [...above, lambda] }, this.id);
    const coef = fit.coefs[fit.coefs.length - 1];
    const eta = linearPredictor(x, coef);
    let centre = 0;
    for (const v of eta) centre += v;
    centre /= eta.length;
    for (let i = 0; i < eta.length; i++) eta[i] -= centre;
    const baseline = coxBaselineHazard(eta, y.event, groupByTime(y.time, y.event), 'efron');
    this.state = { coef, centre, times: baseline.times, cumhaz: baseline.cumhaz };
    this.lambdaUsed = lambda;
  }

  /** The path options these params give (shared with CV); every parameter is checked against its rule first. */
  pathOptions(): CoxnetOptions {
    const p = this.params;
    for (const [name, rule] of Object.entries(LASSO_COX_RULES)) checkParam(rule, p[name], `${this.id}.${name}`);
    return { alpha: p.alpha, nlambda: p.nlambda, lambdaMinRatio: p.lambda_min_ratio ?? undefined, thresh: p.thresh, maxit: p.maxit, standardize: p.standardize };
  }
}
