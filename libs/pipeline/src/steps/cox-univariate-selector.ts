import { Matrix, takeCols } from '@radsweep/core';
import { normalCdf } from '@radsweep/metrics';
import { CoxPH } from '@radsweep/survival';
import type { SurvivalSelector } from '../step';
import { PValueSelection, PValueSelector } from './p-value-selector';
import { checkFitInput } from './step-checks';
import { STEP_PARAMS } from './step-params';

export interface CoxUnivariateOptions {
  /** Keep columns with p < alpha. Default 0.05. */
  alpha?: number;
  /** If no column has p < alpha, keep this many of smallest p. Default 8. */
  fallbackK?: number;
}

interface CoxUnivariateState extends PValueSelection {
  coef: Float64Array;
}

/**
 * Univariate filter for survival endpoints: a Cox model (Efron ties, R's coxph) of the outcome on each
 * column alone; keeps the columns whose Wald p-value 2 Phi(-|beta / se|) is below alpha (R's
 * summary(coxph)$coefficients[, 'Pr(>|z|)']); if none, the `fallbackK` columns of smallest p. A constant
 * column carries no information and gets p = 1. Fitted on the training rows' follow-up only, like every step.
 *
 * Parameters: alpha = 0.05, fallbackK = 8 (the t-test filter's).
 */
export class CoxUnivariateSelector extends PValueSelector<CoxUnivariateState> implements SurvivalSelector {
  readonly id = 'cox_univariate';

  constructor(options: CoxUnivariateOptions = {}) {
    super(STEP_PARAMS.cox_univariate, options);
  }

  fit(): this {
    throw new RangeError('cox_univariate: needs a survival outcome (time and event); it is a step of survival endpoints only');
  }

  fitSurvival(x: Matrix, time: Float64Array, event: Uint8Array): this {
    checkFitInput(this.id, x, event);
    const coef = new Float64Array(x.cols);
    const p = new Float64Array(x.cols).fill(1);
    for (let j = 0; j < x.cols; j++) {
      const column = takeCols(x, Int32Array.of(j));
      if (column.data.every((v) => v === column.data[0])) continue;
      const cox = new CoxPH({ ties: 'efron', l2: 0, max_iter: 20, eps: 1e-9 }, 0).fit(column, time, event);
      coef[j] = cox.coef[0];
      const se = cox.fitInfo!.se[0];
      p[j] = 2 * normalCdf(-Math.abs(coef[j] / se)); // the lower tail: no cancellation for large |z|
    }
    this.state = { cols: x.cols, ...this.keep(p), coef, p };
    return this;
  }
}
