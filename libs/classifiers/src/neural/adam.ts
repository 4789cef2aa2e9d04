/**
 * Adam (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015) over one
 * flat parameter vector, as scikit-learn's AdamOptimizer: at step t,
 *   m = beta_1 m + (1 - beta_1) g,  v = beta_2 v + (1 - beta_2) g^2,
 *   lr_t = lr sqrt(1 - beta_2^t) / (1 - beta_1^t),  w -= lr_t m / (sqrt(v) + epsilon).
 */
export class AdamOptimizer {
  private t = 0;

  /** `m` and `v` (zeroed, one per parameter) are the moment estimates; `update` does the step's arithmetic. */
  constructor(
    private readonly m: Float64Array,
    private readonly v: Float64Array,
    private readonly learningRate: number,
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
    private readonly update: AdamUpdate = adamUpdate,
  ) {}

  /** One update of `params` in place from `grad`. */
  step(params: Float64Array, grad: Float64Array): void {
    this.t++;
    const lr = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    this.update(params, grad, this.m, this.v, lr, this.beta1, this.beta2, this.epsilon);
  }
}

/** One step's arithmetic on elements from .. w.length, at step size lr (= lr_t above). */
export type AdamUpdate = (
  w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, beta1: number, beta2: number, epsilon: number, from?: number,
) => void;

export const adamUpdate: AdamUpdate = (w, g, m, v, lr, beta1, beta2, epsilon, from = 0) => {
  for (let k = from; k < w.length; k++) {
    const gk = g[k];
    m[k] = beta1 * m[k] + (1 - beta1) * gk;
    v[k] = beta2 * v[k] + (1 - beta2) * gk * gk;
    w[k] -= (lr * m[k]) / (Math.sqrt(v[k]) + epsilon);
  }
};
