import type { ParamSpec } from '@radsweep/core';
import type { SelectionReport } from '../step';
import { checkStepParams } from './step-params';
import { ColumnSelection, ColumnSelector } from './column-selector';
import { keptOrSmallestP } from './smallest-p';

/** What a univariate p-value filter keeps: its columns and each column's p-value. */
export interface PValueSelection extends ColumnSelection {
  p: Float64Array;
}

/**
 * A univariate filter by p-value (the t-test's and the univariate Cox's): keeps the columns with
 * p < alpha (NaN counts as 1); if none, the `fallbackK` columns of smallest p. Defaults 0.05 and 8.
 */
export abstract class PValueSelector<S extends PValueSelection> extends ColumnSelector<S> {
  readonly alpha: number;
  readonly fallbackK: number;

  /** `spec`: the step's rules and defaults (step-params.ts); bad options are input errors naming them. */
  constructor(spec: ParamSpec, options: { alpha?: number; fallbackK?: number }) {
    super();
    const p = checkStepParams(spec, options);
    this.alpha = p.alpha as number;
    this.fallbackK = p.fallbackK as number;
  }

  /** The kept columns for these p-values (`fallback` set when none passed alpha). */
  protected keep(p: Float64Array): { selected: Int32Array; fallback: boolean } {
    return keptOrSmallestP(p.length, (j) => p[j] < this.alpha, () => p, this.fallbackK);
  }

  report(): SelectionReport {
    const s = this.fittedState;
    return this.selectionReport(s.p, 'p_value', { alpha: this.alpha, fallbackK: this.fallbackK, kept: s.selected.length });
  }
}
