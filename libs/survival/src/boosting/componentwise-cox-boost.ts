import { Matrix, toColumnMajor } from '@radsweep/core';
import { SurvivalOutcome } from '../survival-input';
import { groupByTime } from '../time-groups';
import { coxBaselineHazard } from '../cox/baseline-hazard';
import { LinearHazardModel } from '../cox/linear-hazard-model';
import { coxNegativeGradient } from './cox-gradient';

export interface CoxBoostParams {
  [k: string]: number;
  /** Boosting steps (mboost's mstop). */
  n_estimators: number;
  /** Step length (mboost's nu). */
  learning_rate: number;
}

/**
 * Gradient-boosted Cox model with componentwise linear base-learners (mboost's
 * `glmboost(family = CoxPH())`): covariates centred; f = 0; each step computes the negative
 * gradient u of the Breslow partial likelihood (`coxNegativeGradient`), fits u on each centred
 * covariate alone by least squares (b_j = x_j'u / x_j'x_j), takes the covariate with the smallest
 * residual sum of squares (largest (x_j'u)^2 / x_j'x_j) and moves its coefficient by
 * learning_rate x b_j. Early stopping comes from n_estimators (tune it by CV). Predictions: the
 * Breslow baseline hazard of the final linear predictor, S(t | x) = exp(-H0(t) exp(f(x))).
 * Deterministic.
 *
 * Parameters: n_estimators = 100, learning_rate = 0.1.
 * Reference: Bühlmann & Hothorn, Stat Sci 2007;22:477-505 (componentwise linear L2/likelihood boosting);
 * Ridgeway, Comput Sci Stat 1999;31:172-181 (boosting the Cox partial likelihood).
 */
export class ComponentwiseCoxBoost extends LinearHazardModel<CoxBoostParams> {
  readonly id = 'cox_boost';

  protected fitImpl(x: Matrix, y: SurvivalOutcome): void {
    const { rows: n, cols: p } = x;
    const xc = toColumnMajor(x);
    const means = new Float64Array(p);
    const ss = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const col = xc.subarray(j * n, (j + 1) * n);
      let m = 0;
      for (let i = 0; i < n; i++) m += col[i];
      m /= n;
      means[j] = m;
      let s = 0;
      for (let i = 0; i < n; i++) {
        col[i] -= m;
        s += col[i] * col[i];
      }
      ss[j] = s;
    }
    const groups = groupByTime(y.time, y.event);
    const coef = new Float64Array(p);
    const f = new Float64Array(n);
    const u = new Float64Array(n);
    const nu = this.params.learning_rate;
    for (let step = 0; step < this.params.n_estimators; step++) {
      coxNegativeGradient(f, y.event, groups, u);
      let best = -1;
      let bestGain = -1;
      let bestB = 0;
      for (let j = 0; j < p; j++) {
        if (!(ss[j] > 0)) continue; // a constant covariate cannot fit anything
        let xu = 0;
        const o = j * n;
        for (let i = 0; i < n; i++) xu += xc[o + i] * u[i];
        const gain = (xu * xu) / ss[j];
        if (gain > bestGain) {
          bestGain = gain;
          best = j;
          bestB = xu / ss[j];
        }
      }
      if (best < 0) break;
      coef[best] += nu * bestB;
      const o = best * n;
      for (let i = 0; i < n; i++) f[i] += nu * bestB * xc[o + i];
    }
    const baseline = coxBaselineHazard(f, y.event, groups, 'breslow');
    let centre = 0;
    for (let j = 0; j < p; j++) centre += means[j] * coef[j];
    this.state = { coef, centre, times: baseline.times, cumhaz: baseline.cumhaz };
  }
}
