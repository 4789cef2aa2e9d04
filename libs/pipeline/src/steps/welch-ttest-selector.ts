import type { Matrix } from '@radsweep/core';
import { PValueSelection, PValueSelector } from './p-value-selector';
import { checkFitInput } from './step-checks';
import { STEP_PARAMS } from './step-params';
import { welchTTest } from './stats/welch-t-test';

export interface WelchTTestOptions {
  /** Keep columns with p < alpha. Default 0.05. */
  alpha?: number;
  /** If no column has p < alpha, keep this many of smallest p. Default 8. */
  fallbackK?: number;
}

interface WelchState extends PValueSelection {
  t: Float64Array;
}

/**
 * Univariate filter: Welch's two-sample t-test of each column between the classes
 * (scipy.stats.ttest_ind(equal_var=False), see stats/welch-t-test.ts); keeps the
 * columns with p < alpha (a NaN p counts as 1); if none, the `fallbackK` columns
 * of smallest p (stable order) and `fallbackUsed` is set.
 *
 * Parameters: alpha = 0.05, fallbackK = 8. Reference: the seed protocol's filter
 * step (shared/specs/seed-protocol.md); Welch, Biometrika 34 (1947).
 */
export class WelchTTestSelector extends PValueSelector<WelchState> {
  readonly id = 'welch_ttest';

  constructor(options: WelchTTestOptions = {}) {
    super(STEP_PARAMS.welch_ttest, options);
  }

  /** Welch t per input column (positives minus negatives). */
  get tStatistics(): Float64Array {
    return this.fittedState.t;
  }

  fit(x: Matrix, y: Uint8Array): this {
    checkFitInput(this.id, x, y);
    const { t, p } = welchTTest(x, y);
    this.state = { cols: x.cols, ...this.keep(p), t, p };
    return this;
  }
}
