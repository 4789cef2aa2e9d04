import { Matrix, NumpyRandomState } from '@radsweep/core';
import { CartBuilder, CartOptions } from '../trees/cart-builder';
import { TreeNodes } from '../trees/tree-nodes';
import { RAND_R_MAX, TreeRandom } from '../trees/tree-random';

/** np.finfo(float).eps: scikit-learn clips stump probabilities to it so that log p is finite. */
const EPS = 2 ** -52;

/** The weak learner of both algorithms: scikit-learn's DecisionTreeClassifier(max_depth=1), all features. */
export function stumpOptions(nFeatures: number): CartOptions {
  return { maxDepth: 1, minSamplesSplit: 2, minSamplesLeaf: 1, minImpurityDecrease: 0, maxFeatures: nFeatures, splitter: 'best' };
}

/** Index of the node (a leaf) that the row at data[offset] reaches; the walk of TreeNodes.predictRow. */
function leafOf(tree: TreeNodes, data: Float64Array, offset: number): number {
  let k = 0;
  while (tree.feature[k] >= 0) k = Math.fround(data[offset + tree.feature[k]]) <= tree.threshold[k] ? tree.left[k] : tree.right[k];
  return k;
}

/**
 * Real AdaBoost, SAMME.R (Zhu, Zou, Rosset & Hastie, Multi-class AdaBoost, 2009,
 * algorithm 4), as scikit-learn 1.2's `AdaBoostClassifier(algorithm='SAMME.R')`
 * (`BaseWeightBoosting.fit` + `_boost_real`, sklearn/ensemble/_weight_boosting.py), two classes.
 *
 * Weights w_i = 1/n; stage m: raise weights below eps (2^-52) to eps, as scikit-learn does before every
 * round; grow a depth-1 CART tree on w (random_state = the m-th
 * `RandomState(seed).randint(2^31 - 1)`), leaf class shares p_k = W_k / (W_0 + W_1) clipped
 * below at eps; the stump votes argmax p; err_m = sum_i w_i [vote != y_i] / sum_i w_i.
 * err_m = 0: keep the stump and stop. Otherwise, unless m is the last stage,
 * w_i *= exp(-rate (K-1)/K sum_k c_ik log p_k(x_i)) with c_ik = 1 for the true class and
 * -1/(K-1) otherwise (for K = 2: w_i *= exp(-rate/2 * (+-)(log p_1 - log p_0))), skipping
 * rows with w_i = 0 whose exponent is >= 0; stop if sum w is not finite or <= 0, else
 * normalise (not after the last stage). Every stage has estimator weight 1.
 *
 * Returns the stumps with each leaf's `value` replaced by its score
 * s = log p_1 - log p_0 (the two-class decision of `_samme_proba`, (K-1)(log p - mean log p),
 * class 1 minus class 0), so that predictRow gives the stage's contribution to the decision.
 */
export function boostReal(x: Matrix, y: Uint8Array, nRounds: number, rate: number, seed: number): TreeNodes[] {
  const n = x.rows;
  const stump = stumpOptions(x.cols);
  const builder = new CartBuilder(x, y);
  const seeds = new NumpyRandomState(seed);
  const w = new Float64Array(n).fill(1 / n);
  const leaf = new Int32Array(n);
  const scored: TreeNodes[] = [];
  const exponentScale = -1.0 * rate * 0.5; // -rate (K - 1) / K, in scikit-learn's order of operations
  for (let m = 0; m < nRounds; m++) {
    // BaseWeightBoosting.fit raises weights below eps to eps before every round (scikit-learn #20320)
    for (let i = 0; i < n; i++) if (w[i] < EPS) w[i] = EPS;
    const tree = builder.build(w, stump, TreeRandom.forSeed(seeds.randint(RAND_R_MAX)));
    const nodes = tree.nodeCount;
    const w0 = new Float64Array(nodes);
    const w1 = new Float64Array(nodes);
    for (let i = 0; i < n; i++) {
      const k = leafOf(tree, x.data, i * x.cols);
      leaf[i] = k;
      if (y[i] === 1) w1[k] += w[i];
      else w0[k] += w[i];
    }
    // Per leaf: the vote, the score, and the weight exponents of class-0 and class-1 rows.
    const vote = new Uint8Array(nodes);
    const score = new Float64Array(nodes);
    const exponent0 = new Float64Array(nodes);
    const exponent1 = new Float64Array(nodes);
    for (let k = 0; k < nodes; k++) {
      if (tree.feature[k] >= 0) continue;
      const total = w0[k] + w1[k];
      // An empty leaf predicts [0, 0] in scikit-learn (normaliser 0 -> 1): argmax class 0.
      const p0 = total > 0 ? w0[k] / total : 0;
      const p1 = total > 0 ? w1[k] / total : 0;
      vote[k] = p1 > p0 ? 1 : 0;
      const log0 = Math.log(Math.max(p0, EPS));
      const log1 = Math.log(Math.max(p1, EPS));
      score[k] = log1 - log0;
      exponent0[k] = exponentScale * (log0 + -1 * log1); // y coding (1, -1)
      exponent1[k] = exponentScale * (-1 * log0 + log1); // y coding (-1, 1)
    }
    scored.push(new TreeNodes(tree.feature, tree.threshold, tree.left, tree.right, score));

    let wSum = 0;
    let wWrong = 0;
    for (let i = 0; i < n; i++) {
      wSum += w[i];
      if (vote[leaf[i]] !== y[i]) wWrong += w[i];
    }
    if (wWrong / wSum <= 0) break; // perfect stump: kept, boosting stops
    if (m === nRounds - 1) break; // scikit-learn boosts only if it will fit again
    let total = 0;
    for (let i = 0; i < n; i++) {
      const e = y[i] === 1 ? exponent1[leaf[i]] : exponent0[leaf[i]];
      if (w[i] > 0 || e < 0) w[i] *= Math.exp(e);
      total += w[i];
    }
    if (!Number.isFinite(total) || total <= 0) break;
    for (let i = 0; i < n; i++) w[i] /= total;
  }
  return scored;
}
