import { Matrix, NumpyRandomState } from '@radsweep/core';
import { BaseClassifier, Params } from '../classifier';
import { BoostedTree, boostedRawScores, leafOf, loadBoostedModel, saveBoostedModel } from './boosted-tree';
import { FriedmanMseTreeFitter } from './friedman-mse-tree';
import { FLOAT32_EPS, priorLogOdds, sigmoid } from './logistic';
import { LeafTerms } from './leaf-terms';
import { findStageCheckpoint, otherParamsKey, storeStageCheckpoint } from './stage-checkpoints';
import { RAND_R_MAX, TreeRandom } from '../trees/tree-random';

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
 * Seed: replays scikit-learn 1.2 with random_state = seed. One numpy RandomState(seed)
 * draws, per stage, the subsample mask (when subsample < 1) and then the stage tree's
 * rand_r seed; each tree visits features in that stream's order and keeps the first of
 * equally good splits (`FriedmanMseTreeFitter`). Leaf sums use numpy's pairwise summation
 * and residuals a correctly rounded exp, so ties between splits fall as in scikit-learn
 * and the probabilities agree to rounding (the three reference sweeps and both `*-plain`
 * references: equal). scikit-learn >= 1.4 computes the loss differently (and 1.9 maps
 * friedman_mse to squared_error), so later versions differ from 1.2 in the last digits
 * and, through ties, in some splits.
 */
export class GradientBoostingClassifier extends BaseClassifier<GradientBoostingParams> {
  readonly id = 'gradient_boosting';
  private init = 0;
  private trees: BoostedTree[] = [];

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    const prm = this.params;
    const n = x.rows;
    this.init = priorLogOdds(y, FLOAT32_EPS);
    // Stages of an earlier fit that differs only in n_estimators (stage-checkpoints.ts).
    const otherParams = otherParamsKey(`${this.id}:${this.seed}`, prm, 'n_estimators');
    const checkpoint = findStageCheckpoint(x, y, otherParams);
    if (checkpoint !== undefined && checkpoint.trees.length >= prm.n_estimators) {
      this.trees = checkpoint.trees.slice(0, prm.n_estimators);
      return;
    }
    const xRows = Float32Array.from(x.data);
    const fitter = new FriedmanMseTreeFitter(x, {
      maxDepth: prm.max_depth ?? Infinity,
      minSamplesSplit: prm.min_samples_split,
      minSamplesLeaf: prm.min_samples_leaf,
      maxFeatures: featureCount(prm.max_features, x.cols),
    });
    // random_state: one RandomState shared by the subsample masks and every stage's tree seed.
    const randomState = new NumpyRandomState(this.seed);
    const raw = new Float64Array(n).fill(this.init);
    const residual = new Float64Array(n);
    const nInBag = Math.max(1, Math.floor(prm.subsample * n));
    const inBag = nInBag < n ? new Uint8Array(n) : null;
    const leafTerms = new LeafTerms(n);
    this.trees = [];
    if (checkpoint !== undefined) {
      // continue it: its raw scores, and the random draws of its stages replayed
      raw.set(checkpoint.raw);
      this.trees = checkpoint.trees.slice();
      for (let stage = 0; stage < this.trees.length; stage++) {
        if (inBag !== null) drawSampleMask(inBag, nInBag, randomState);
        randomState.randint(RAND_R_MAX);
      }
    }
    for (let stage = this.trees.length; stage < prm.n_estimators; stage++) {
      for (let i = 0; i < n; i++) residual[i] = y[i] - sigmoid(raw[i]);
      if (inBag !== null) drawSampleMask(inBag, nInBag, randomState);
      const builder = fitter.fit(residual, inBag, new TreeRandom(randomState.randint(RAND_R_MAX)));
      const leafOfRow = fitter.leafOfRow;
      leafTerms.collect(leafOfRow, builder.size, y, residual);
      for (let k = 0; k < builder.size; k++) {
        const [numerator, denominator] = leafTerms.sums(k);
        const step = Math.abs(denominator) < 1e-150 ? 0 : numerator / denominator;
        builder.setValue(k, prm.learning_rate * step);
      }
      const tree = builder.finish();
      this.trees.push(tree);
      for (let i = 0; i < n; i++) {
        const leaf = leafOfRow[i] >= 0 ? leafOfRow[i] : leafOf(tree, xRows, i * x.cols);
        raw[i] += tree.value[leaf];
      }
    }
    storeStageCheckpoint(x, y, otherParams, { trees: this.trees.slice(), raw });
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

/**
 * scikit-learn's _random_sample_mask: exactly nInBag of the n rows, drawn with one
 * uniform per row (selection sampling, Knuth's Algorithm S) from the booster's RandomState.
 */
function drawSampleMask(mask: Uint8Array, nInBag: number, randomState: NumpyRandomState): void {
  const n = mask.length;
  let bagged = 0;
  for (let i = 0; i < n; i++) {
    const take = randomState.uniform() * (n - i) < nInBag - bagged;
    mask[i] = take ? 1 : 0;
    if (take) bagged++;
  }
}
