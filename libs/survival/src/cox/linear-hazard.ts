import { Matrix, matrix } from '@radsweep/core';
import { toFloat64, toNumbers } from '@radsweep/classifiers';
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

/** The state as plain JSON (typed arrays as number[]) and back. */
export function saveLinearHazard(s: LinearHazardState): unknown {
  return { coef: toNumbers(s.coef), centre: s.centre, times: toNumbers(s.times), cumhaz: toNumbers(s.cumhaz) };
}

export function loadLinearHazard(state: unknown): LinearHazardState {
  const s = state as Record<string, unknown>;
  if (typeof s.centre !== 'number') throw new TypeError("saved state: 'centre' is not a number");
  return { coef: toFloat64(s.coef, 'coef'), centre: s.centre, times: toFloat64(s.times, 'times'), cumhaz: toFloat64(s.cumhaz, 'cumhaz') };
}
