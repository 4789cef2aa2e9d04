import { Matrix, NotFittedError, RadSweepInputError, matrix } from '@radsweep/core';
import { FittedEstimator, Params, SavedModel } from '@radsweep/classifiers';
import { checkFeatures, checkSurvivalData, checkTimes, SurvivalOutcome } from './survival-input';

/**
 * The survival estimator contract (the classifiers' style): the constructor stores
 * hyper-parameters and nothing else; `fit(x, time, event)` learns from a numeric
 * matrix, follow-up times and 0/1 event indicators; predictions are a risk score
 * per row (higher = earlier event) and survival / cumulative hazard at given times.
 */
export interface SurvivalModel {
  /** Registry id, e.g. `cox_ph`. */
  readonly id: string;
  readonly params: Readonly<Params>;
  /** Seed of every random choice this model makes. */
  readonly seed: number;
  readonly fitted: boolean;
  fit(x: Matrix, time: ArrayLike<number>, event: ArrayLike<number>): this;
  /** Risk score per row, higher = worse prognosis (Cox models: the linear predictor x . beta). */
  predictRisk(x: Matrix): Float64Array;
  /** Cumulative hazard H(t | x): rows = patients, columns = `times`. */
  predictCumulativeHazard(x: Matrix, times: ArrayLike<number>): Matrix;
  /** Survival S(t | x): rows = patients, columns = `times`. */
  predictSurvival(x: Matrix, times: ArrayLike<number>): Matrix;
  /** Fitted state as plain JSON (for storage / round trip). */
  toJSON(): SavedSurvivalModel;
}

/** A fitted survival model as plain JSON (the classifiers' saved form). */
export type SavedSurvivalModel = SavedModel;

/**
 * Base class: validates inputs once so each model's `fitImpl` / `...Impl` hold only the
 * algorithm. Survival defaults to exp(-H) (R's `survfit.coxph` stype = 2); a model with
 * a direct survival estimate overrides `survivalImpl`.
 */
export abstract class BaseSurvivalModel<P extends Params = Params> extends FittedEstimator<P> implements SurvivalModel {
  fit(x: Matrix, time: ArrayLike<number>, event: ArrayLike<number>): this {
    const y = checkSurvivalData(x, time, event, this.id);
    this.fitImpl(x, y);
    this.markFitted(x.cols);
    return this;
  }

  predictRisk(x: Matrix): Float64Array {
    this.checkPredict(x);
    return this.riskImpl(x);
  }

  predictCumulativeHazard(x: Matrix, times: ArrayLike<number>): Matrix {
    this.checkPredict(x);
    return this.cumulativeHazardImpl(x, checkTimes(times, this.id));
  }

  predictSurvival(x: Matrix, times: ArrayLike<number>): Matrix {
    this.checkPredict(x);
    return this.survivalImpl(x, checkTimes(times, this.id));
  }

  protected survivalImpl(x: Matrix, times: Float64Array): Matrix {
    const h = this.cumulativeHazardImpl(x, times);
    const out = matrix(h.rows, h.cols);
    for (let k = 0; k < h.data.length; k++) out.data[k] = Math.exp(-h.data[k]);
    return out;
  }

  private checkPredict(x: Matrix): void {
    if (!this.fitted) throw new NotFittedError(this.id);
    if (x.cols !== this.nFeatures) {
      throw new RadSweepInputError(`model was fitted on ${this.nFeatures} features, got ${x.cols}`, `${this.id}.x`);
    }
    checkFeatures(x, this.id);
  }

  protected abstract fitImpl(x: Matrix, y: SurvivalOutcome): void;
  protected abstract riskImpl(x: Matrix): Float64Array;
  protected abstract cumulativeHazardImpl(x: Matrix, times: Float64Array): Matrix;
}
