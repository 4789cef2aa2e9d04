import { Matrix, NotFittedError, takeCols } from '@radsweep/core';
import type { FeatureSelector, SelectionReport } from '../step';
import { checkTransformInput } from './step-checks';

/** What every fitted selector keeps: the input width, the kept column indices (input order), whether a fallback chose them. */
export interface ColumnSelection {
  cols: number;
  selected: Int32Array;
  fallback: boolean;
}

/** The shared half of a selector: fitted state, and transform = the kept columns. */
export abstract class ColumnSelector<S extends ColumnSelection> implements FeatureSelector {
  abstract readonly id: string;
  protected state?: S;

  get fitted(): boolean {
    return this.state !== undefined;
  }

  abstract fit(x: Matrix, y: Uint8Array): this;
  abstract report(): SelectionReport;

  transform(x: Matrix): Matrix {
    checkTransformInput(this.id, this.state?.cols, x);
    return takeCols(x, this.state!.selected);
  }

  /** The report of the fitted selection with the given per-column scores. */
  protected selectionReport(scores: Float64Array, scoreKind: string, details: SelectionReport['details']): SelectionReport {
    const s = this.fittedState;
    return { selected: s.selected.slice(), scores: scores.slice(), scoreKind, fallbackUsed: s.fallback, details };
  }

  /** The fitted state, or NotFittedError. */
  protected get fittedState(): S {
    if (!this.state) throw new NotFittedError(this.id);
    return this.state;
  }
}
