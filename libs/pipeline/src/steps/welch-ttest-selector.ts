import type { Matrix } from '@radsweep/core';
import type { SelectionReport } from '../step';
import { ColumnSelection, ColumnSelector } from './column-selector';
import { keptOrSmallestP } from './smallest-p';
import { checkFitInput } from './step-checks';
import { welchTTest } from './stats/welch-t-test';

export interface WelchTTestOptions {
  /** Keep columns with p < alpha. Default 0.05. */
  alpha?: number;
  /** If no column has p < alpha, keep this many of smallest p. Default 8. */
  fallbackK?: number;
}

interface WelchState extends ColumnSelection {
  t: Float64Array;
  p: Float64Array;
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
export class WelchTTestSelector extends ColumnSelector<WelchState> {
  readonly id = 'welch_ttest';
  readonly alpha: number;
  readonly fallbackK: number;

  constructor({ alpha = 0.05, fallbackK = 8 }: WelchTTestOptions = {}) {
    super();
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`welch_ttest: alpha must be in (0, 1], got ${alpha}`);
    if (!(Number.isInteger(fallbackK) && fallbackK >= 1)) throw new RangeError(`welch_ttest: fallbackK must be a positive integer, got ${fallbackK}`);
    this.alpha = alpha;
    this.fallbackK = fallbackK;
  }

  /** Welch t per input column (positives minus negatives). */
  get tStatistics(): Float64Array {
    return this.fittedState.t;
  }

  fit(x: Matrix, y: Uint8Array): this {
    checkFitInput(this.id, x, y);
    const { t, p } = welchTTest(x, y);
    const { selected, fallback } = keptOrSmallestP(x.cols, (j) => p[j] < this.alpha, () => p, this.fallbackK);
    this.state = { cols: x.cols, selected, t, p, fallback };
    return this;
  }

  report(): SelectionReport {
    const s = this.fittedState;
    return this.selectionReport(s.p, 'p_value', { alpha: this.alpha, fallbackK: this.fallbackK, kept: s.selected.length });
  }
}
