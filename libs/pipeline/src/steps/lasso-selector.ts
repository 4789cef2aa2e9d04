import type { Matrix } from '@radsweep/core';
import type { SelectionReport } from '../step';
import { ColumnSelection, ColumnSelector } from './column-selector';
import { alphaGrid, fitLasso, lassoCvMeanMse } from './lasso/lasso-path';
import { keptOrSmallestP } from './smallest-p';
import { checkFitInput } from './step-checks';
import { STEP_PARAMS, checkStepParams } from './step-params';
import { welchTTest } from './stats/welch-t-test';

export interface LassoSelectorOptions {
  /** 'cv' (LassoCV: choose alpha by k-fold CV) or a fixed alpha > 0. Default 'cv'. */
  alpha?: 'cv' | number;
  /** Folds of the CV (unshuffled KFold). Default 10. */
  cv?: number;
  /** Length of the alpha grid. Default 100. */
  nAlphas?: number;
  /** Smallest alpha of the grid relative to alpha_max. Default 1e-3. */
  eps?: number;
  /** Most coordinate-descent sweeps per alpha. Default 1000. */
  maxIter?: number;
  /** Convergence tolerance (duality gap relative to ||y - mean y||^2). Default 1e-4. */
  tol?: number;
  /** If no coefficient is non-zero, keep this many columns of smallest Welch p. Default 8. */
  fallbackK?: number;
}

interface LassoState extends ColumnSelection {
  coef: Float64Array;
  intercept: number;
  alpha: number;
  iterations: number;
  dualGap: number;
  converged: boolean;
  cvCost: Record<string, number>;
}

/**
 * Embedded selection: a LASSO least-squares fit of the 0/1 label (as floats),
 * objective (1/(2n)) ||y - Xw - b||^2 + alpha ||w||_1, keeping the columns with a
 * non-zero coefficient. With alpha = 'cv' it is scikit-learn's `LassoCV(cv=10)`:
 * a 100-value log grid from alpha_max = max|X'(y - mean y)|/n down to
 * eps * alpha_max, unshuffled KFold(10), warm starts along the path, the alpha of
 * least mean held-out MSE, then a refit on all rows. If every coefficient is 0,
 * the `fallbackK` columns of smallest Welch p are kept and `fallbackUsed` is set.
 *
 * Parameters: alpha = 'cv', cv = 10, nAlphas = 100, eps = 1e-3, maxIter = 1000,
 * tol = 1e-4, fallbackK = 8. Reference: Tibshirani, J. R. Stat. Soc. B 58 (1996);
 * scikit-learn 1.2 `LassoCV` (see lasso/lasso-path.ts).
 */
export class LassoSelector extends ColumnSelector<LassoState> {
  readonly id = 'lasso';
  readonly options: Required<LassoSelectorOptions>;

  /** Bad options are input errors naming them (rules and defaults: step-params.ts). */
  constructor(options: LassoSelectorOptions = {}) {
    super();
    this.options = checkStepParams(STEP_PARAMS.lasso, options) as unknown as Required<LassoSelectorOptions>;
  }

  /** Coefficients per input column (of the z-scored inputs, for y in {0, 1}). */
  get coefficients(): Float64Array {
    return this.fittedState.coef;
  }

  get intercept(): number {
    return this.fittedState.intercept;
  }

  /** The alpha used for the final fit (chosen by CV or fixed). */
  get chosenAlpha(): number {
    return this.fittedState.alpha;
  }

  fit(x: Matrix, y: Uint8Array): this {
    checkFitInput(this.id, x, y);
    const o = this.options;
    const yf = Float64Array.from(y);
    const cd = { maxIter: o.maxIter, tol: o.tol };
    let alpha: number;
    let cvCost: Record<string, number> = {};
    if (o.alpha === 'cv') {
      if (x.rows < o.cv) throw new RangeError(`lasso: ${o.cv}-fold CV needs at least ${o.cv} rows, got ${x.rows}`);
      const alphas = alphaGrid(x, yf, o.nAlphas, o.eps);
      const cv = lassoCvMeanMse(x, yf, alphas, o.cv, cd);
      let best = 0;
      for (let a = 1; a < alphas.length; a++) if (cv.meanMse[a] < cv.meanMse[best]) best = a;
      alpha = alphas[best];
      cvCost = { cvSweeps: cv.sweeps, cvNotConverged: cv.notConverged };
    } else alpha = o.alpha;
    const fit = fitLasso(x, yf, alpha, cd);
    const { selected, fallback } = keptOrSmallestP(x.cols, (j) => fit.coef[j] !== 0, () => welchTTest(x, y).p, o.fallbackK);
    this.state = { cols: x.cols, selected, coef: fit.coef, intercept: fit.intercept, alpha, fallback, iterations: fit.iterations, dualGap: fit.dualGap, converged: fit.converged, cvCost };
    return this;
  }

  report(): SelectionReport {
    const s = this.fittedState;
    return this.selectionReport(s.coef, 'coefficient', {
      alpha: s.alpha,
      alphaChosenBy: this.options.alpha === 'cv' ? `${this.options.cv}-fold CV` : 'fixed',
      intercept: s.intercept,
      iterations: s.iterations,
      dualGap: s.dualGap,
      converged: s.converged,
      ...s.cvCost,
      nonZero: s.fallback ? 0 : s.selected.length,
    });
  }
}
