import { Matrix } from '@radsweep/core';
import { Params } from '@radsweep/classifiers';
import { BaseSurvivalModel } from '../survival-model';
import { LinearHazardState, linearCumulativeHazard, linearPredictor, loadLinearHazard, saveLinearHazard } from './linear-hazard';

/**
 * A model whose fit ends in a proportional-hazards state (coefficients + baseline hazard): Cox PH,
 * LASSO-Cox, componentwise boosted Cox. Prediction and the saved state are the same for all.
 */
export abstract class LinearHazardModel<P extends Params = Params> extends BaseSurvivalModel<P> {
  protected state: LinearHazardState | null = null;

  /** Coefficients on the original covariate scale (empty before fit). */
  get coef(): Float64Array {
    return this.state ? this.state.coef.slice() : new Float64Array(0);
  }

  protected riskImpl(x: Matrix): Float64Array {
    return linearPredictor(x, this.state!.coef);
  }

  protected cumulativeHazardImpl(x: Matrix, times: Float64Array): Matrix {
    return linearCumulativeHazard(x, times, this.state!);
  }

  protected saveState(): unknown {
    return saveLinearHazard(this.state!);
  }

  protected loadState(state: unknown): void {
    this.state = loadLinearHazard(state);
  }
}
