import { Matrix, RadSweepInputError } from '@radsweep/core';
import { SurvivalOutcome } from '../survival-input';
import { groupByTime } from '../time-groups';
import { coxPartialLikelihood, TieMethod } from './partial-likelihood';
import { coxBaselineHazard } from './baseline-hazard';
import { coxNewtonRaphson } from './newton-raphson';
import { LinearHazardModel } from './linear-hazard-model';

export interface CoxPhParams {
  [k: string]: number | string;
  ties: TieMethod;
  /** Ridge penalty: maximise loglik - l2 / 2 * ||beta||^2 on the raw covariate scale (0 = none). */
  l2: number;
  max_iter: number;
  eps: number;
}

/** What R's coxph object reports beside the coefficients. */
export interface CoxFitInfo {
  /** Unpenalised log partial likelihood at beta = 0 and at the fit (R's `fit$loglik`). */
  loglik: [number, number];
  /** The ridge term subtracted at the fit, l2 / 2 * ||beta||^2 (R's `fit$penalty`). */
  penalty: number;
  iterations: number;
  converged: boolean;
  /** Standard errors from the inverse (penalised) information. */
  se: Float64Array;
}

/**
 * Cox proportional hazards (R `survival::coxph`, `survfit.coxph`).
 *
 * Maximises the log partial likelihood (Efron ties by default, or Breslow), optionally with a
 * ridge penalty l2 / 2 * sum beta_j^2 (R's `ridge(theta = l2, scale = FALSE)`), by R's
 * Newton-Raphson (`coxNewtonRaphson`: iter.max = 20, eps = 1e-9 relative change of the log
 * likelihood). Covariates are centred on their training means first (R does the same; it changes
 * nothing but the rounding). The baseline cumulative hazard is R's `survfit.coxph` for the tie
 * method (Breslow: d / S0; Efron: sum_k 1 / (S0 - k/d D0)), and S(t | x) = exp(-H0(t) exp(x beta - c)),
 * c the centring constant (R's stype = 2).
 *
 * Parameters: ties = 'efron', l2 = 0, max_iter = 20, eps = 1e-9.
 * Reference: Therneau & Grambsch, Modeling Survival Data (2000), §3.2-3.3, §10.2.
 */
export class CoxPH extends LinearHazardModel<CoxPhParams> {
  readonly id = 'cox_ph';
  /** Fit details of the last fit (R's coxph object); not part of the saved state. */
  fitInfo: CoxFitInfo | null = null;


  protected fitImpl(x: Matrix, y: SurvivalOutcome): void {
    const { rows: n, cols: p } = x;
    const means = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) means[j] += x.data[i * p + j];
    for (let j = 0; j < p; j++) means[j] /= n;
    const xc = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xc[i * p + j] = x.data[i * p + j] - means[j];
    const groups = groupByTime(y.time, y.event);
    const { ties, l2 } = this.params;
    const eta = new Float64Array(n);
    const etaOf = (beta: Float64Array) => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += xc[i * p + j] * beta[j];
        eta[i] = s;
      }
      return eta;
    };
    const result = coxNewtonRaphson(
      (beta) => {
        const lik = coxPartialLikelihood(xc, p, etaOf(beta), y.event, groups, ties);
        if (l2 > 0) {
          for (let j = 0; j < p; j++) {
            lik.loglik -= 0.5 * l2 * beta[j] * beta[j];
            lik.score[j] -= l2 * beta[j];
            lik.information[j * p + j] += l2;
          }
        }
        return lik;
      },
      p,
      this.params.max_iter,
      this.params.eps,
      `${this.id}.x`,
    );
    if (!result.beta.every(Number.isFinite)) throw new RadSweepInputError('Cox fit diverged (separated data?): try l2 > 0', this.id);
    const baseline = coxBaselineHazard(etaOf(result.beta), y.event, groups, ties);
    let centre = 0;
    let penalty = 0;
    for (let j = 0; j < p; j++) {
      centre += means[j] * result.beta[j];
      penalty += 0.5 * l2 * result.beta[j] * result.beta[j];
    }
    this.state = { coef: result.beta, centre, times: baseline.times, cumhaz: baseline.cumhaz };
    this.fitInfo = {
      loglik: [result.loglik[0], result.loglik[1] + penalty],
      penalty,
      iterations: result.iterations,
      converged: result.converged,
      se: Float64Array.from({ length: p }, (_, j) => Math.sqrt(result.variance[j * p + j])),
    };
  }
}
