import { Matrix, NotFittedError, matrix } from '@radsweep/core';
import type { Transformer } from '../step';
import { checkFitInput, checkTransformInput } from './step-checks';

/**
 * Replaces each missing value (NaN) by its column's median over the training rows,
 * as scikit-learn's `SimpleImputer(strategy='median')`: the median of the
 * non-missing values, the mean of the two middle values for an even count
 * (computed as (a + b) / 2, as numpy.ma.median does).
 *
 * Deviation: a column missing in every training row is dropped by scikit-learn
 * 1.2 (keep_empty_features=False), which would shift column indices; here it is
 * kept and filled with 0 (scikit-learn's keep_empty_features=True) and listed in
 * `emptyColumns` so the run can report it.
 *
 * Parameters: none. Reference: scikit-learn 1.2 sklearn/impute/_base.py.
 */
export class MedianImputer implements Transformer {
  readonly id = 'median_imputer';
  private medianValues?: Float64Array;
  private empty: number[] = [];

  get fitted(): boolean {
    return this.medianValues !== undefined;
  }

  /** Per-column training medians (0 for an all-missing column). */
  get medians(): Float64Array {
    if (!this.medianValues) throw new NotFittedError(this.id);
    return this.medianValues;
  }

  /** Indices of the columns that were missing in every training row. */
  get emptyColumns(): readonly number[] {
    return this.empty;
  }

  /** A fitted imputer from stored medians (a locked model's). */
  static fromMedians(medians: Float64Array): MedianImputer {
    const imputer = new MedianImputer();
    imputer.medianValues = medians;
    return imputer;
  }

  fit(x: Matrix, y: Uint8Array): this {
    checkFitInput(this.id, x, y);
    const { rows, cols, data } = x;
    const medians = new Float64Array(cols);
    const buf = new Float64Array(rows);
    this.empty = [];
    for (let j = 0; j < cols; j++) {
      let m = 0;
      for (let i = 0; i < rows; i++) {
        const v = data[i * cols + j];
        if (!Number.isNaN(v)) buf[m++] = v;
      }
      if (m === 0) {
        this.empty.push(j);
        continue;
      }
      const sorted = buf.subarray(0, m).sort();
      const h = m >> 1;
      medians[j] = m % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }
    this.medianValues = medians;
    return this;
  }

  transform(x: Matrix): Matrix {
    const cols = checkTransformInput(this.id, this.medianValues?.length, x);
    const medians = this.medianValues!;
    const out = matrix(x.rows, cols, x.data.slice());
    const d = out.data;
    for (let k = 0; k < d.length; k++) if (Number.isNaN(d[k])) d[k] = medians[k % cols];
    return out;
  }
}
