import { Matrix, Rng } from '@radsweep/core';
import { BaseClassifier, Params } from '../classifier';
import { BoostedTree, boostedRawScores, leafOf, loadBoostedModel, saveBoostedModel } from './boosted-tree';
import { FriedmanMseTreeFitter } from './friedman-mse-tree';
import { FLOAT32_EPS, priorLogOdds, sigmoid } from './logistic';
import { PresortedColumns } from './presorted-columns';

export interface GradientBoostingParams extends Params {
  loss: 'log_loss';
  n_estimators: number;
  learning_rate: number;
  max_depth: number | null;
  min_samples_split: number;
  min_samples_leaf: number;
  subsample: number;
  max_features: 'sqrt' | 'log2' | null;
}

export const GRADIENT_BOOSTING_DEFAULTS: GradientBoostingParams = {
  loss: 'log_loss',
  n_estimators: 100,
  learning_rate: 0.1,
  max_depth: 3,
  min_samples_split: 2,
  min_samples_leaf: 1,
  subsample: 1.0,
  max_features: null,
};

/**
 * Gradient boosting of regression trees on the binomial log loss (Friedman 2001,
 * "Greedy function approximation: a gradient boosting machine", Ann. Statist. 29:1189;
 * scikit-learn's GradientBoostingClassifier, loss='log_loss').
 *
 * F_0 = log(p / (1 - p)) with p the class-1 share of the training labels. Stage m fits a
 * `friedman_mse` regression tree to the residuals r_i = y_i - sigmoid(F_{m-1}(x_i)), then
 * replaces each leaf's value by one Newton step, sum(r_i) / sum(p_i (1 - p_i)) over the
 * leaf's rows (0 when the denominator is below 1e-150), and F_m = F_{m-1} + learning_rate * leaf.
 * P(y = 1 | x) = sigmoid(F_M(x)).
 *
 * Parameters (scikit-learn's defaults): n_estimators 100, learning_rate 0.1, max_depth 3
 * (null: unlimited), min_samples_split 2, min_samples_leaf 1 (both counts, not fractions),
 * subsample 1.0 (< 1: each stage fits on floor(subsample * n) rows drawn without
 * replacement), max_features null (all) | 'sqrt' | 'log2' (features drawn per node).
 * Features are rounded to float32 as scikit-learn's trees do. With subsample 1 and
 * max_features null the only random choice left in scikit-learn is which of two equally
 * good splits wins; here the first feature in index order does.
 */
export class GradientBoostingClassifier extends BaseClassifier<GradientBoostingParams> {
  readonly id = 'gradient_boosting';
  private init = 0;
  private trees: BoostedTree[] = [];

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    const prm = this.params;
    const n = x.rows;
    const cols = new PresortedColumns(x);
    const fitter = new FriedmanMseTreeFitter(cols, {
      maxDepth: prm.max_depth ?? Infinity,
      minSamplesSplit: prm.min_samples_split,
      minSamplesLeaf: prm.min_samples_leaf,
      maxFeatures: featureCount(prm.max_features, x.cols),
    });
    const rng = new Rng(this.seed);
    this.init = priorLogOdds(y, FLOAT32_EPS);
    const raw = new Float64Array(n).fill(this.init);
    const residual = new Float64Array(n);
    const nInBag = Math.max(1, Math.floor(prm.subsample * n));
    const inBag = nInBag < n ? new Uint8Array(n) : null;
    this.trees = [];
    for (let stage = 0; stage < prm.n_estimators; stage++) {
      for (let i = 0; i < n; i++) residual[i] = y[i] - sigmoid(raw[i]);
      if (inBag !== null) {
        inBag.fill(0);
        const perm = rng.permutation(n);
        for (let k = 0; k < nInBag; k++) inBag[perm[k]] = 1;
      }
      const builder = fitter.fit(residual, inBag, rng);
      const numerator = new Float64Array(builder.size);
      const denominator = new Float64Array(builder.size);
      const leafOfRow = fitter.leafOfRow;
      for (let i = 0; i < n; i++) {
        const leaf = leafOfRow[i];
        if (leaf < 0) continue;
        const r = residual[i];
        numerator[leaf] += r;
        denominator[leaf] += (y[i] - r) * (1 - y[i] + r);
      }
      for (let k = 0; k < builder.size; k++) {
        const step = Math.abs(denominator[k]) < 1e-150 ? 0 : numerator[k] / denominator[k];
        builder.setValue(k, prm.learning_rate * step);
      }
      const tree = builder.finish();
      this.trees.push(tree);
      for (let i = 0; i < n; i++) {
        const leaf = leafOfRow[i] >= 0 ? leafOfRow[i] : leafOf(tree, cols.rowMajor, i * x.cols);
        raw[i] += tree.value[leaf];
      }
    }
  }

  protected predictImpl(x: Matrix): Float64Array {
    return sigmoidOfRaw(this.rawScores(x));
  }

  /** F_M(x) per row: the log-odds before the sigmoid. */
  rawScores(x: Matrix): Float64Array {
    return boostedRawScores(this.init, this.trees, Float32Array.from(x.data), x.rows, x.cols);
  }

  /** The fitted trees (leaf values already times learning_rate). */
  get estimators(): readonly BoostedTree[] {
    return this.trees;
  }

  get initialRaw(): number {
    return this.init;
  }

  protected saveState(): unknown {
    return saveBoostedModel(this.init, this.trees);
  }

  protected loadState(state: unknown): void {
    ({ init: this.init, trees: this.trees } = loadBoostedModel(state, this.id));
  }
}

/** Number of features drawn per node for scikit-learn's max_features setting. */
export function featureCount(maxFeatures: 'sqrt' | 'log2' | null, p: number): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(p)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(p)));
  return p;
}

/** sigmoid applied in place to raw scores. */
export function sigmoidOfRaw(raw: Float64Array): Float64Array {
  for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]);
  return raw;
}
