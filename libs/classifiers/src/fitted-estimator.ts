import { NotFittedError } from '@radsweep/core';
import type { Params, SavedModel } from './classifier';

/**
 * What every estimator shares (classifiers here, survival models in libs/survival): frozen
 * hyper-parameters and a seed from the constructor, the fitted feature count, and the
 * toJSON / loadJSON round trip of the fitted state. Subclasses add fit and predict.
 */
export abstract class FittedEstimator<P extends Params = Params> {
  abstract readonly id: string;
  readonly params: Readonly<P>;
  private _nFeatures = -1;

  constructor(
    params: P,
    readonly seed: number = 0,
  ) {
    this.params = Object.freeze({ ...params });
  }

  get fitted(): boolean {
    return this._nFeatures >= 0;
  }

  get nFeatures(): number {
    return this._nFeatures;
  }

  /** Called by the subclass's fit once the algorithm has run. */
  protected markFitted(nFeatures: number): void {
    this._nFeatures = nFeatures;
  }

  toJSON(): SavedModel {
    if (!this.fitted) throw new NotFittedError(this.id);
    return { id: this.id, params: { ...this.params }, seed: this.seed, state: { nFeatures: this._nFeatures, model: this.saveState() } };
  }

  /** Restores fitted state saved by toJSON (used by the registries' restore functions). */
  loadJSON(saved: SavedModel): this {
    const s = saved.state as { nFeatures: number; model: unknown };
    this.loadState(s.model);
    this._nFeatures = s.nFeatures;
    return this;
  }

  /** Fitted state as JSON-serialisable data (typed arrays as number[]). */
  protected abstract saveState(): unknown;
  protected abstract loadState(state: unknown): void;
}
