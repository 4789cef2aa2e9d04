import { Matrix, NotFittedError, Params, RadSweepInputError, firstNonFinite } from '@radsweep/core';
import { FittedEstimator } from './fitted-estimator';

/** A hyper-parameter value and a parameter set: libs/core's one parameter vocabulary, re-exported. */
export type { ParamValue, Params } from '@radsweep/core';

/**
 * The estimator contract (scikit-learn's): the constructor stores hyper-parameters
 * and does nothing else; `fit` learns from a numeric matrix and 0/1 labels;
 * `predictProba` returns P(y = 1) for each row. A fitted model can be rebuilt
 * from `params` + `seed` + the same data.
 */
export interface Classifier {
  /** Registry id, e.g. `random_forest`. */
  readonly id: string;
  /** Hyper-parameters with scikit-learn's names (defaults filled in). */
  readonly params: Readonly<Params>;
  /** Seed of every random choice this model makes. */
  readonly seed: number;
  fit(x: Matrix, y: Uint8Array): this;
  /** P(class 1) per row, each in [0, 1]. */
  predictProba(x: Matrix): Float64Array;
  readonly fitted: boolean;
  /** Fitted state as plain JSON (for storage / round trip). */
  toJSON(): SavedModel;
}

export interface SavedModel {
  id: string;
  params: Params;
  seed: number;
  state: unknown;
}

/**
 * Base class: validates inputs once, so each model's `fitImpl`/`predictImpl`
 * hold only the algorithm.
 */
export abstract class BaseClassifier<P extends Params = Params> extends FittedEstimator<P> implements Classifier {
  fit(x: Matrix, y: Uint8Array): this {
    if (x.rows !== y.length) {
      throw new RadSweepInputError(`${x.rows} rows but ${y.length} labels`, this.id);
    }
    if (x.rows === 0) throw new RadSweepInputError('no training rows', this.id);
    const bad = firstNonFinite(x);
    if (bad >= 0) {
      const r = Math.floor(bad / x.cols);
      throw new RadSweepInputError(`non-finite value (NaN or infinity) at row ${r}, column ${bad - r * x.cols}: impute first`, this.id);
    }
    let pos = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] !== 0 && y[i] !== 1) throw new RadSweepInputError(`label ${y[i]} at row ${i} is not 0 or 1`, this.id);
      pos += y[i];
    }
    if (pos === 0 || pos === y.length) {
      throw new RadSweepInputError(`training labels hold one class only (${pos} positives of ${y.length})`, this.id);
    }
    this.fitImpl(x, y);
    this.markFitted(x.cols);
    return this;
  }

  predictProba(x: Matrix): Float64Array {
    if (!this.fitted) throw new NotFittedError(this.id);
    if (x.cols !== this.nFeatures) {
      throw new RadSweepInputError(`model was fitted on ${this.nFeatures} features, got ${x.cols}`, this.id);
    }
    const bad = firstNonFinite(x);
    if (bad >= 0) throw new RadSweepInputError(`non-finite value at flat index ${bad}: impute first`, this.id);
    return this.predictImpl(x);
  }

  protected abstract fitImpl(x: Matrix, y: Uint8Array): void;
  protected abstract predictImpl(x: Matrix): Float64Array;
}
