import { sigmoid } from '../boosting/logistic';

export type Activation = 'relu' | 'logistic' | 'tanh' | 'identity';

/** f(z) in place on a[0..count). */
export function activate(kind: Activation, a: Float64Array, count: number): void {
  switch (kind) {
    case 'relu':
      // branch-free (negative z are unpredictable): z * [z > 0], -0 for z < 0
      for (let k = 0; k < count; k++) a[k] *= Number(a[k] > 0);
      return;
    case 'logistic':
      for (let k = 0; k < count; k++) a[k] = sigmoid(a[k]);
      return;
    case 'tanh':
      for (let k = 0; k < count; k++) a[k] = Math.tanh(a[k]);
      return;
    case 'identity':
      return;
  }
}

/** delta *= f'(z), written with the activation a = f(z) (scikit-learn's inplace derivatives). */
export function multiplyByDerivative(kind: Activation, a: Float64Array, delta: Float64Array, count: number): void {
  switch (kind) {
    case 'relu':
      for (let k = 0; k < count; k++) delta[k] *= Number(a[k] !== 0);
      return;
    case 'logistic':
      for (let k = 0; k < count; k++) delta[k] *= a[k] * (1 - a[k]);
      return;
    case 'tanh':
      for (let k = 0; k < count; k++) delta[k] *= 1 - a[k] * a[k];
      return;
    case 'identity':
      return;
  }
}
