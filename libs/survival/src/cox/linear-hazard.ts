import { Matrix, matrix } from '@radsweep/core';
import { stepValueAt } from '../step-function';

/**
 * A fitted proportional-hazards model: H(t | x) = H0(t) exp(x . coef - centre), H0 a step
 * function jumping at the training event times. Shared by every Cox-type model.
 */
export interface LinearHazardState {
  coef: Float64Array;
  /** The linear predictor value the baseline hazard refers to (mean x . coef on the training rows). */
  centre: number;
  times: Float64Array;
  cumhaz: Float64Array;
}

/** x . coef per row (no centring: R's `predict(type = 'lp', reference = 'zero')`). */
export function linearPredictor(x: Matrix, coef: Float64Array): Float64Array {
  const { rows: n, cols: p, data } = x;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += data[i * p + j] * coef[j];
    out[i] = s;
  }
  return out;
}

export function linearCumulativeHazard(x: Matrix, times: Float64Array, s: LinearHazardState): Matrix {
  const lp = linearPredictor(x, s.coef);
  const h0 = times.map((t) => stepValueAt(s.times, s.cumhaz, t));
  const out = matrix(x.rows, times.length);
  for (let i = 0; i < x.rows; i++) {
    const r = Math.exp(lp[i] - s.centre);
    for (let k = 0; k < times.length; k++) out.data[i * times.length + k] = h0[k] * r;
  }
  return out;
}
