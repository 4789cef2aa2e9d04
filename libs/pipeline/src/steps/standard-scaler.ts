import { Matrix, NotFittedError, isConstantFeature, matrix } from '@radsweep/core';
import type { Transformer } from '../step';
import { checkFitInput, checkTransformInput } from './step-checks';

/**
 * z-score: x' = (x - mean) / scale with the training mean and the population sd
 * (divisor n), as scikit-learn's `StandardScaler()`. The variance is the corrected
 * two-pass sum (sum (x - m)^2 - (sum (x - m))^2 / n) / n; a constant column
 * (var <= n eps var + (n mean eps)^2, scikit-learn's `_is_constant_feature`) gets
 * scale 1, so it maps to 0 instead of dividing by ~0.
 *
 * Parameters: none (with_mean and with_std always on). Input must have no NaN
 * (impute first). Reference: scikit-learn 1.2 sklearn/preprocessing/_data.py,
 * sklearn/utils/extmath.py `_incremental_mean_and_var`.
 */
export class StandardScaler implements Transformer {
  readonly id = 'standard_scaler';
  private meanValues?: Float64Array;
  private scaleValues?: Float64Array;

  get fitted(): boolean {
    return this.meanValues !== undefined;
  }

  get mean(): Float64Array {
    if (!this.meanValues) throw new NotFittedError(this.id);
    return this.meanValues;
  }

  /** Population sd per column, 1 where the column is constant. */
  get scale(): Float64Array {
    if (!this.scaleValues) throw new NotFittedError(this.id);
    return this.scaleValues;
  }

  /** A fitted scaler from a stored mean and scale (a locked model's). */
  static fromMoments(mean: Float64Array, scale: Float64Array): StandardScaler {
    const scaler = new StandardScaler();
    scaler.meanValues = mean;
    scaler.scaleValues = scale;
    return scaler;
  }

  fit(x: Matrix, y: Uint8Array): this {
    checkFitInput(this.id, x, y);
    const { rows: n, cols: p, data } = x;
    const mean = new Float64Array(p);
    const scale = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += data[i * p + j];
    for (let j = 0; j < p; j++) mean[j] /= n;
    const correction = new Float64Array(p);
    const squares = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const d = data[i * p + j] - mean[j];
        correction[j] += d;
        squares[j] += d * d;
      }
    }
    for (let j = 0; j < p; j++) {
      if (!Number.isFinite(mean[j])) throw new RangeError(`${this.id}.fit: column ${j} has a missing or infinite value (impute first)`);
      const variance = (squares[j] - (correction[j] * correction[j]) / n) / n;
      scale[j] = isConstantFeature(variance, mean[j], n) ? 1 : Math.sqrt(variance);
    }
    this.meanValues = mean;
    this.scaleValues = scale;
    return this;
  }

  transform(x: Matrix): Matrix {
    const p = checkTransformInput(this.id, this.meanValues?.length, x);
    const mean = this.meanValues!;
    const scale = this.scaleValues!;
    const out = matrix(x.rows, p);
    const src = x.data;
    const dst = out.data;
    for (let i = 0; i < x.rows; i++) {
      const base = i * p;
      for (let j = 0; j < p; j++) dst[base + j] = (src[base + j] - mean[j]) / scale[j];
    }
    return out;
  }
}
