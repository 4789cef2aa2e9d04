import { sigmoid } from '../boosting/logistic';
import { Activation, activate, multiplyByDerivative } from './activations';
import { AdamOptimizer } from './adam';
import { MlpKernelKind, MlpKernels, createMlpKernels } from './mlp-kernels';

/**
 * A fully connected network with one logistic output unit, all weights in one flat
 * Float64Array: layer l has W_l (units[l] x units[l+1], row-major, scikit-learn's
 * coefs_[l]) followed by b_l (units[l+1]). Forward and backward passes write into
 * buffers allocated once for `maxBatch` rows, so a training step allocates nothing.
 * Every matrix product is `rowSums` (row-sums.ts), which keeps the textbook summation
 * order, so the speed-ups there leave the fitted weights bit-for-bit unchanged. All these
 * buffers live in the memory of the network's kernels (mlp-kernels.ts): WebAssembly memory
 * for the SIMD kernel, so no call copies anything; `kernel` 'js' or 'wasm' forces a kernel.
 */
export class MlpNetwork {
  readonly params: Float64Array;
  readonly grad: Float64Array;
  private readonly weights: Float64Array[] = [];
  private readonly biases: Float64Array[] = [];
  private readonly weightGrads: Float64Array[] = [];
  private readonly biasGrads: Float64Array[] = [];
  /** act[l]: the batch's values at layer l (act[0] is the input, act[L] the probability). */
  private readonly act: Float64Array[];
  /** delta[l]: d loss / d z at layer l (l >= 1). */
  private readonly delta: Float64Array[];
  /** transposed[l]: units[l+1] x units[l] scratch for the backward pass (G_l^T, then W_l^T). */
  private readonly transposed: Float64Array[];
  private readonly kernels: MlpKernels;
  /** Adam's first and second moment estimates, one per parameter. */
  private readonly moments: [Float64Array, Float64Array];
  /** Per layer, weights then biases: [params, grad, m, v] views of that block (adam steps block by block). */
  private readonly blocks: [Float64Array, Float64Array, Float64Array, Float64Array][] = [];
  /** weightNormSquared() of the weights the last adam step left (that step added it up as it went). */
  squaresAfterStep = NaN;
  /** [1]: x for the bias gradient's column sums (sum_i 1 * D_i.). */
  private readonly one: Float64Array;
  /** The training rows (`trainingRows` x units[0], row-major), where `gatherRows` copies batches from. */
  private readonly staged: Float64Array;
  /** Row indices into `staged` that `gatherRows` reads, in the kernels' memory (trainingRows of them). */
  readonly order: Int32Array;

  /**
   * `params`: starting values, copied into the kernels' memory (default zeros); `trainingRows`:
   * room for that many training rows (`stageRows`).
   */
  constructor(
    readonly units: readonly number[],
    readonly activation: Activation,
    readonly maxBatch: number,
    params?: Float64Array,
    kernel: MlpKernelKind = 'auto',
    trainingRows = 0,
  ) {
    let size = 0;
    for (let l = 0; l + 1 < units.length; l++) size += units[l] * units[l + 1] + units[l + 1];
    const lengths = [
      size, size, size, size, 1,
      ...units.map((u) => maxBatch * u),
      ...units.map((u, l) => (l === 0 ? 0 : maxBatch * u)),
      ...units.slice(0, -1).map((u, l) => u * units[l + 1]),
      trainingRows * units[0],
      Math.ceil(trainingRows / 2),
    ];
    this.kernels = createMlpKernels(kernel, lengths, Math.max(maxBatch, ...units), Math.max(...units));
    const arrays = this.kernels.arrays;
    this.params = arrays[0];
    this.grad = arrays[1];
    this.moments = [arrays[2], arrays[3]];
    this.one = arrays[4];
    this.one[0] = 1;
    if (params) this.params.set(params);
    this.act = arrays.slice(5, 5 + units.length);
    this.delta = arrays.slice(5 + units.length, 5 + 2 * units.length);
    this.transposed = arrays.slice(5 + 2 * units.length, 4 + 3 * units.length);
    this.staged = arrays[4 + 3 * units.length];
    const orderSpace = arrays[5 + 3 * units.length];
    this.order = new Int32Array(orderSpace.buffer, orderSpace.byteOffset, trainingRows);
    let off = 0;
    for (let l = 0; l + 1 < units.length; l++) {
      const nw = units[l] * units[l + 1];
      this.weights.push(this.params.subarray(off, off + nw));
      this.weightGrads.push(this.grad.subarray(off, off + nw));
      this.blocks.push([this.params, this.grad, ...this.moments].map((a) => a.subarray(off, off + nw)) as [Float64Array, Float64Array, Float64Array, Float64Array]);
      off += nw;
      this.biases.push(this.params.subarray(off, off + units[l + 1]));
      this.biasGrads.push(this.grad.subarray(off, off + units[l + 1]));
      this.blocks.push([this.params, this.grad, ...this.moments].map((a) => a.subarray(off, off + units[l + 1])) as [Float64Array, Float64Array, Float64Array, Float64Array]);
      off += units[l + 1];
    }
  }

  /** Which kernel runs the sums ('wasm' or 'js'). */
  get kernel(): 'wasm' | 'js' {
    return this.kernels.kind;
  }

  /**
   * An Adam optimizer of `params` (from `grad`) whose moments and arithmetic are this network's
   * kernels'; each step also leaves weightNormSquared() of the new weights in squaresAfterStep.
   */
  adam(learningRate: number, beta1: number, beta2: number, epsilon: number): AdamOptimizer {
    const [m, v] = this.moments;
    return new AdamOptimizer(m, v, learningRate, beta1, beta2, epsilon, (_w, _g, _m, _v, lr, b1, b2, e) => this.adamBlocks(lr, b1, b2, e));
  }

  /** One adam update block by block (element-wise, so the same numbers as one pass over params). */
  private adamBlocks(lr: number, beta1: number, beta2: number, epsilon: number): void {
    let squares = 0;
    for (let b = 0; b < this.blocks.length; b += 2) {
      const [w, g, m, v] = this.blocks[b];
      squares = this.kernels.adamSquares(w, g, m, v, lr, beta1, beta2, epsilon, squares);
      const [bw, bg, bm, bv] = this.blocks[b + 1];
      this.kernels.adam(bw, bg, bm, bv, lr, beta1, beta2, epsilon);
    }
    this.squaresAfterStep = squares;
  }

  get layers(): number {
    return this.units.length - 1;
  }

  /**
   * Glorot-uniform initialisation as scikit-learn's `_init_coef`, layer by layer, weights
   * then biases, all from U(-bound, bound) with bound = sqrt(6 / (fan_in + fan_out)), or
   * sqrt(2 / (fan_in + fan_out)) when the hidden activation is logistic (scikit-learn keys
   * the factor on the hidden activation, for every layer including the output).
   * `uniform` draws from [0, 1); values are taken in scikit-learn's order.
   */
  initialise(uniform: () => number): void {
    const factor = this.activation === 'logistic' ? 2 : 6;
    for (let l = 0; l < this.layers; l++) {
      const bound = Math.sqrt(factor / (this.units[l] + this.units[l + 1]));
      for (const arr of [this.weights[l], this.biases[l]]) for (let k = 0; k < arr.length; k++) arr[k] = -bound + 2 * bound * uniform();
    }
  }

  /** The input buffer for `rows` rows (fill row i at i * units[0]). */
  get input(): Float64Array {
    return this.act[0];
  }

  /** Copies the training rows (n x units[0], row-major, n <= trainingRows) next to the network. */
  stageRows(data: Float64Array): void {
    this.staged.set(data);
  }

  /** Input row r = staged row order[first + r], r < rows (a copy of the values: no arithmetic). */
  gatherRows(first: number, rows: number): void {
    this.kernels.gather(this.act[0], this.staged, this.order, first, rows, this.units[0]);
  }

  /** Forward pass of the first `rows` rows of the input buffer; returns the output buffer (P(y = 1) per row). */
  forward(rows: number): Float64Array {
    for (let l = 0; l < this.layers; l++) {
      const fi = this.units[l];
      const fo = this.units[l + 1];
      const a = this.act[l];
      const z = this.act[l + 1];
      // Z_i. = b + sum_k A_ik W_k.
      this.kernels.rowSums(z, 0, fo, rows, fo, this.biases[l], a, 0, fi, 1, fi, this.weights[l], fo, this.sparseInput(l, fo));
      if (l + 1 < this.layers && this.activation === 'relu') this.kernels.relu(z, rows * fo);
      else if (l + 1 < this.layers) activate(this.activation, z, rows * fo);
      else for (let i = 0; i < rows * fo; i++) z[i] = sigmoid(z[i]);
    }
    return this.act[this.layers];
  }

  /**
   * Gradient of the mean log loss of the batch plus 0.5 alpha sum(W^2) / rows, after
   * `forward(rows)`; y[order[first + i]] is the label of batch row i.
   */
  backward(rows: number, y: Uint8Array, order: Int32Array, first: number, alpha: number): void {
    const L = this.layers;
    const out = this.act[L];
    const dOut = this.delta[L];
    for (let i = 0; i < rows; i++) dOut[i] = out[i] - y[order[first + i]];
    for (let l = L - 1; l >= 0; l--) {
      const fi = this.units[l];
      const fo = this.units[l + 1];
      const a = this.act[l];
      const d = this.delta[l + 1];
      const w = this.weights[l];
      const gw = this.weightGrads[l];
      const gb = this.biasGrads[l];
      // b_j: sum_i 1 * D_ij (0 + D_0j + D_1j + ..., the plain loop's sums), then / rows
      this.kernels.rowSums(gb, 0, fo, 1, fo, null, this.one, 0, 0, 0, rows, d, fo, false);
      for (let j = 0; j < fo; j++) gb[j] /= rows;
      const t = this.transposed[l];
      if (!this.sparseInput(l, fo) && this.sparseInput(l + 1, fi)) {
        // Dense A, mostly-zero D (the input layer under a relu layer): sum G^T_j. = sum_i D_ij A_i.
        // over the non-zero D_ij instead (same sums: the terms dropped either way are zeros).
        this.kernels.rowSums(t, 0, fi, fo, fi, null, d, 0, 1, fo, rows, a, fi, true);
        this.kernels.decayedGradientT(gw, t, w, fi, fo, alpha, rows);
      } else {
        // G_k. = sum_i A_ik D_i. (column k of A read with step fi), then (G + alpha W) / rows.
        this.kernels.rowSums(gw, 0, fo, fi, fo, null, a, 0, 1, fi, rows, d, fo, this.sparseInput(l, fo));
        this.kernels.decayedGradient(gw, w, alpha, rows);
      }
      if (l === 0) break;
      // P_i. = sum_j D_ij W^T_j., read from a transposed copy of W.
      const wt = t;
      this.kernels.transpose(wt, w, fi, fo);
      const prev = this.delta[l];
      this.kernels.rowSums(prev, 0, fi, rows, fi, null, d, 0, fo, 1, fo, wt, fi, this.sparseInput(l + 1, fi));
      if (this.activation === 'relu') this.kernels.reluDerivative(a, prev, rows * fi);
      else multiplyByDerivative(this.activation, a, prev, rows * fi);
    }
  }

  /**
   * Whether the values at layer l (activations, or deltas, which share their zeros) are
   * worth compacting for sums `width` wide: relu hidden layers are about half zeros, and
   * compacting pays off only when each kept value serves several output columns.
   */
  private sparseInput(l: number, width: number): boolean {
    return this.activation === 'relu' && l > 0 && l < this.layers && width >= 8;
  }

  /** sum of squared weights (biases excluded), for the L2 term of the loss. */
  weightNormSquared(): number {
    let s = 0;
    for (const w of this.weights) for (let k = 0; k < w.length; k++) s += w[k] * w[k];
    return s;
  }
}
