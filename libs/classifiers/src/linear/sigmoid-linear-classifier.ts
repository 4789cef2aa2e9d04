import { Matrix } from '@radsweep/core';
import { BaseClassifier, Params } from '../classifier';
import { dot, sigmoid, toFloat64, toNumbers } from './dense';

/**
 * A fitted model of the form P(y = 1 | x) = sigmoid(x . coef + intercept): logistic
 * regression and two-class LDA share this prediction and its saved state.
 */
export abstract class SigmoidLinearClassifier<P extends Params> extends BaseClassifier<P> {
  protected coef = new Float64Array(0);
  protected intercept = 0;

  protected predictImpl(x: Matrix): Float64Array {
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) out[i] = sigmoid(dot(x.data, i * x.cols, this.coef, 0, x.cols) + this.intercept);
    return out;
  }

  protected saveState(): unknown {
    return { coef: toNumbers(this.coef), intercept: this.intercept };
  }

  protected loadState(state: unknown): void {
    const s = state as { coef: number[]; intercept: number };
    this.coef = toFloat64(s.coef, 'coef');
    this.intercept = s.intercept;
  }
}
