/**
 * Adam (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015) over one
 * flat parameter vector, as scikit-learn's AdamOptimizer: at step t,
 *   m = beta_1 m + (1 - beta_1) g,  v = beta_2 v + (1 - beta_2) g^2,
 *   lr_t = lr sqrt(1 - beta_2^t) / (1 - beta_1^t),  w -= lr_t m / (sqrt(v) + epsilon).
 */
export class AdamOptimizer {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly learningRate: number,
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** One update of `params` in place from `grad`. */
  step(params: Float64Array, grad: Float64Array): void {
    const { m, v, beta1, beta2, epsilon } = this;
    this.t++;
    const lr = (this.learningRate * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    for (let k = 0; k < params.length; k++) {
      const g = grad[k];
      m[k] = beta1 * m[k] + (1 - beta1) * g;
      v[k] = beta2 * v[k] + (1 - beta2) * g * g;
      params[k] -= (lr * m[k]) / (Math.sqrt(v[k]) + epsilon);
    }
  }
}
