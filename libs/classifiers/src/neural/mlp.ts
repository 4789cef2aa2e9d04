import { Matrix, NumpyRandomState, RadSweepInputError } from '@radsweep/core';
import { BaseClassifier, Params } from '../classifier';
import { FLOAT64_EPS } from '../boosting/logistic';
import { Activation } from './activations';
import { MlpKernelKind } from './mlp-kernels';
import { MlpNetwork } from './mlp-network';

export interface MlpParams extends Params {
  hidden_layer_sizes: number[];
  activation: Activation;
  solver: 'adam';
  alpha: number;
  batch_size: number | null;
  learning_rate_init: number;
  beta_1: number;
  beta_2: number;
  epsilon: number;
  max_iter: number;
  tol: number;
  n_iter_no_change: number;
  shuffle: boolean;
  early_stopping: false;
}

export const MLP_DEFAULTS: MlpParams = {
  hidden_layer_sizes: [100],
  activation: 'relu',
  solver: 'adam',
  alpha: 1e-4,
  batch_size: null,
  learning_rate_init: 0.001,
  beta_1: 0.9,
  beta_2: 0.999,
  epsilon: 1e-8,
  max_iter: 500,
  tol: 1e-4,
  n_iter_no_change: 10,
  shuffle: true,
  early_stopping: false,
};

/**
 * Multilayer perceptron for a 0/1 label, as scikit-learn's MLPClassifier with the adam
 * solver (Rumelhart, Hinton & Williams 1986 for back-propagation; Kingma & Ba 2015 for adam).
 *
 * Hidden layers h = f(W h_prev + b) (f = activation), output P(y = 1) = sigmoid(w h + b)
 * (one logistic unit). Loss per mini-batch B: mean binary log loss (p clipped to
 * [eps, 1 - eps]) + 0.5 alpha sum(W^2) / |B| (weights, not biases). Each epoch visits the
 * rows in a fresh seeded shuffle, in batches of batch_size (the last one smaller), one
 * adam step per batch. Training stops after max_iter epochs, or when the epoch's training
 * loss (batch losses weighted by batch size) has failed more than n_iter_no_change epochs
 * running to fall below the best loss so far minus tol (scikit-learn's rule).
 * Weights start Glorot-uniform (see MlpNetwork.initialise). Random numbers come from
 * numpy's RandomState(seed) stream (core's NumpyRandomState), consumed in scikit-learn's
 * order, so a seed reproduces scikit-learn's random_state=seed initial weights and batches.
 *
 * Parameters (scikit-learn's names): hidden_layer_sizes [100], activation relu (also
 * logistic, tanh, identity), solver adam (only), alpha 1e-4, batch_size null = 'auto' =
 * min(200, rows), learning_rate_init 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-8,
 * max_iter 500 (the study's; scikit-learn's default is 200), tol 1e-4, n_iter_no_change
 * 10, shuffle true, early_stopping false only.
 */
export class MlpClassifier extends BaseClassifier<MlpParams> {
  readonly id = 'mlp';
  private net: MlpNetwork | null = null;
  /** Epochs run by the last fit (scikit-learn's n_iter_). */
  epochs = 0;
  /** Training loss of each epoch of the last fit (scikit-learn's loss_curve_). */
  lossCurve: number[] = [];
  /**
   * The network's kernel (mlp-kernels.ts): 'auto' takes WebAssembly SIMD when available.
   * Not a hyper-parameter: every kernel fits the same weights bit for bit.
   */
  kernel: MlpKernelKind = 'auto';

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    const prm = this.params;
    const { rows: n, cols: p } = x;
    const batch = Math.min(prm.batch_size ?? 200, n);
    const net = new MlpNetwork([p, ...prm.hidden_layer_sizes, 1], prm.activation, batch, undefined, this.kernel, n);
    net.stageRows(x.data);
    // numpy's RandomState(seed) stream, drawn in scikit-learn's order (weights, then one
    // shuffle per epoch), so the same seed gives scikit-learn's starting weights and batches.
    const rng = new NumpyRandomState(this.seed);
    net.initialise(() => rng.uniform());
    const adam = net.adam(prm.learning_rate_init, prm.beta_1, prm.beta_2, prm.epsilon);
    const order = net.order;
    for (let i = 0; i < n; i++) order[i] = i;
    // sum of squared weights for the L2 term: of the initial weights, then as each adam step leaves them
    let squares = net.weightNormSquared();
    let best = Infinity;
    let stale = 0;
    this.lossCurve = [];
    this.epochs = 0;
    for (let epoch = 0; epoch < prm.max_iter; epoch++) {
      if (prm.shuffle) shuffleOrder(rng, order);
      let total = 0;
      for (let first = 0; first < n; first += batch) {
        const rows = Math.min(batch, n - first);
        net.gatherRows(first, rows);
        let loss = batchLogLoss(net.forward(rows), y, order, first, rows);
        loss = loss / rows + (0.5 * prm.alpha * squares) / rows;
        total += loss * rows;
        net.backward(rows, y, order, first, prm.alpha);
        adam.step(net.params, net.grad);
        squares = net.squaresAfterStep;
      }
      const epochLoss = total / n;
      this.lossCurve.push(epochLoss);
      this.epochs++;
      stale = epochLoss > best - prm.tol ? stale + 1 : 0;
      if (epochLoss < best) best = epochLoss;
      if (stale > prm.n_iter_no_change) break;
    }
    this.net = net;
  }

  protected predictImpl(x: Matrix): Float64Array {
    const net = this.net!;
    const { rows: n, cols: p } = x;
    const out = new Float64Array(n);
    for (let first = 0; first < n; first += net.maxBatch) {
      const rows = Math.min(net.maxBatch, n - first);
      net.input.set(x.data.subarray(first * p, (first + rows) * p));
      out.set(net.forward(rows).subarray(0, rows), first);
    }
    return out;
  }

  protected saveState(): unknown {
    const net = this.net!;
    return { units: [...net.units], batch: net.maxBatch, params: Array.from(net.params) };
  }

  protected loadState(state: unknown): void {
    const s = state as { units: number[]; batch: number; params: number[] };
    if (!Array.isArray(s?.units) || !Array.isArray(s.params) || !(s.batch > 0)) throw new RadSweepInputError('saved state lacks units, batch or params', this.id);
    const net = new MlpNetwork(s.units, this.params.activation, s.batch, Float64Array.from(s.params), this.kernel);
    if (net.grad.length !== s.params.length) throw new RadSweepInputError(`saved params hold ${s.params.length} values, layers ${s.units.join('-')} need ${net.grad.length}`, this.id);
    this.net = net;
  }
}

// The batch loss in a small function of its own, optimised apart from fitImpl (which runs once per
// fit, so it is optimised by on-stack replacement and was deoptimised several times in a fit).

/** Summed binary log loss of a batch's probabilities `out` (clipped to [eps, 1 - eps]) against y[order[first + r]]. */
function batchLogLoss(out: Float64Array, y: Uint8Array, order: Int32Array, first: number, rows: number): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const q = Math.min(Math.max(out[r], FLOAT64_EPS), 1 - FLOAT64_EPS);
    loss -= y[order[first + r]] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return loss;
}

/**
 * RandomState.shuffle of the row order (Fisher-Yates from the end, the same `interval` draws
 * as NumpyRandomState.shuffle), written for an Int32Array alone: the generic shuffle's
 * element accesses are shared with other array types and cost several times more.
 */
function shuffleOrder(rng: NumpyRandomState, order: Int32Array): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.interval(i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}
