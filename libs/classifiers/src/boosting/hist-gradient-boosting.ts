import { Matrix } from '@radsweep/core';
import { BaseClassifier, Params } from '../classifier';
import { BoostedTree, boostedRawScores, loadBoostedModel, saveBoostedModel } from './boosted-tree';
import { sigmoidOfRaw } from './gradient-boosting';
import { binColumns, binThresholds } from './histogram-binning';
import { HistogramTreeGrower } from './histogram-tree-grower';
import { FLOAT64_EPS, priorLogOdds, sigmoid } from './logistic';
import { findStageCheckpoint, otherParamsKey, storeStageCheckpoint } from './stage-checkpoints';

export interface HistGradientBoostingParams extends Params {
  loss: 'log_loss';
  max_iter: number;
  learning_rate: number;
  max_leaf_nodes: number | null;
  max_depth: number | null;
  min_samples_leaf: number;
  l2_regularization: number;
  max_bins: number;
  early_stopping: false;
}

export const HIST_GRADIENT_BOOSTING_DEFAULTS: HistGradientBoostingParams = {
  loss: 'log_loss',
  max_iter: 100,
  learning_rate: 0.1,
  max_leaf_nodes: 31,
  max_depth: null,
  min_samples_leaf: 20,
  l2_regularization: 0,
  max_bins: 255,
  early_stopping: false,
};

/** scikit-learn's TreeGrower default min_hessian_to_split. */
const MIN_HESSIAN_TO_SPLIT = 1e-3;

/**
 * LightGBM-style histogram gradient boosting on the binomial log loss, mirroring
 * scikit-learn's HistGradientBoostingClassifier (itself after LightGBM: Ke et al.,
 * "LightGBM: a highly efficient gradient boosting decision tree", NeurIPS 2017).
 *
 * Each feature is cut into at most max_bins bins once per fit (`binThresholds`) and
 * stored as Uint8Array bin codes, column-major. F_0 = log(p / (1 - p)) of the class-1
 * share p. Iteration m computes g_i = sigmoid(F(x_i)) - y_i and h_i = p_i (1 - p_i)
 * (float32, as scikit-learn), grows one leaf-wise tree on them (`HistogramTreeGrower`:
 * gain G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2), leaf value -learning_rate G/(H+l2))
 * and adds it to F. Prediction routes raw values by the bin edges: x <= edge goes left.
 * P(y = 1 | x) = sigmoid(F_M(x)).
 *
 * Parameters (scikit-learn's defaults): max_iter 100, learning_rate 0.1, max_leaf_nodes
 * 31 (null: unlimited), max_depth null, min_samples_leaf 20, l2_regularization 0,
 * max_bins 255 (2..255), early_stopping false only: scikit-learn's default 'auto' turns
 * early stopping on only above 10,000 training rows, far above this product's cohorts, so
 * at their sizes false is what scikit-learn does. No randomness is involved (scikit-learn
 * subsamples rows for binning only above 200,000 rows; this always bins all rows).
 * Missing values are refused before fit (the pipeline imputes), so there is no missing bin.
 *
 * Written here rather than using ml-xgboost (XGBoost 2017 compiled to wasm, unmaintained
 * since 2018, its heap never collected): plain typed arrays, same numbers as scikit-learn.
 */
export class HistGradientBoostingClassifier extends BaseClassifier<HistGradientBoostingParams> {
  readonly id = 'lightgbm';
  private baseline = 0;
  private trees: BoostedTree[] = [];

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    const prm = this.params;
    const { rows: n, cols: p } = x;
    this.baseline = priorLogOdds(y, FLOAT64_EPS);
    // Iterations of an earlier fit that differs only in max_iter (stage-checkpoints.ts): an
    // iteration depends on the data, the other parameters and the earlier iterations only
    // (no randomness, and no early stopping to look ahead), so not on the seed either.
    const otherParams = otherParamsKey(this.id, prm, 'max_iter');
    const checkpoint = findStageCheckpoint(x, y, otherParams);
    if (checkpoint !== undefined && checkpoint.trees.length >= prm.max_iter) {
      this.trees = checkpoint.trees.slice(0, prm.max_iter);
      return;
    }
    const edges: Float64Array[] = [];
    const column = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < n; i++) column[i] = x.data[i * p + j];
      edges.push(binThresholds(column, prm.max_bins));
    }
    const grower = new HistogramTreeGrower(
      { rows: n, cols: p, bins: binColumns(x.data, n, p, edges), edges },
      {
        maxLeafNodes: prm.max_leaf_nodes ?? Infinity,
        maxDepth: prm.max_depth ?? Infinity,
        minSamplesLeaf: prm.min_samples_leaf,
        l2: prm.l2_regularization,
        minHessianToSplit: MIN_HESSIAN_TO_SPLIT,
        shrinkage: prm.learning_rate,
      },
    );
    const raw = checkpoint !== undefined ? checkpoint.raw.slice() : new Float64Array(n).fill(this.baseline);
    const grad = new Float32Array(n);
    const hess = new Float32Array(n);
    this.trees = checkpoint !== undefined ? checkpoint.trees.slice() : [];
    for (let it = this.trees.length; it < prm.max_iter; it++) {
      for (let i = 0; i < n; i++) {
        const q = sigmoid(raw[i]);
        grad[i] = q - y[i];
        hess[i] = q * (1 - q);
      }
      this.trees.push(grower.grow(grad, hess, raw));
    }
    storeStageCheckpoint(x, y, otherParams, { trees: this.trees.slice(), raw });
  }

  protected predictImpl(x: Matrix): Float64Array {
    return sigmoidOfRaw(boostedRawScores(this.baseline, this.trees, x.data, x.rows, x.cols));
  }

  /** The fitted trees (leaf values already times learning_rate). */
  get estimators(): readonly BoostedTree[] {
    return this.trees;
  }

  protected saveState(): unknown {
    return saveBoostedModel(this.baseline, this.trees);
  }

  protected loadState(state: unknown): void {
    ({ init: this.baseline, trees: this.trees } = loadBoostedModel(state, this.id));
  }
}
