import { Rng } from '@radsweep/core';
import { Params } from '../classifier';
import { ModelSpec } from '../model-spec';
import { CartOptions } from '../trees/cart-builder';
import { bootstrapCounts } from './bootstrap';
import { MAX_SAMPLES_RULE, N_ESTIMATORS_RULE, TreeForestClassifier, maxSamplesFraction } from './tree-forest';

/**
 * Bootstrap aggregating of decision trees (Breiman, Bagging predictors, Machine
 * Learning 24, 1996), as scikit-learn's `BaggingClassifier(DecisionTreeClassifier())`:
 * n_estimators unpruned CART trees (all features at every split, best thresholds),
 * each fitted on floor(max_samples * n) rows drawn with replacement (passed as counts
 * in the sample weights, as scikit-learn does for estimators that accept weights) or,
 * with bootstrap false, without replacement; P(y = 1 | x) = mean of the trees'
 * predict_proba.
 *
 * Parameters (scikit-learn's defaults): n_estimators 10, max_samples 1.0,
 * bootstrap true. Feature subsampling (max_features < 1, bootstrap_features) is not
 * offered: the protocol bags whole trees.
 */
export class BaggingClassifier extends TreeForestClassifier {
  readonly id = 'bagging';
  protected readonly splitter = 'best';

  protected override treeOptions(p: number): CartOptions {
    return { maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, minImpurityDecrease: 0, maxFeatures: p, splitter: 'best' };
  }

  protected override drawRowWeights(rng: Rng, n: number, out: Float64Array): void {
    const draws = Math.max(1, Math.floor(maxSamplesFraction(this.params.max_samples, `${this.id}.max_samples`) * n));
    if (this.params.bootstrap !== false) {
      bootstrapCounts(rng, n, draws, out);
      return;
    }
    if (draws >= n) {
      out.fill(1);
      return;
    }
    // Without replacement: the first `draws` rows of a seeded permutation.
    out.fill(0);
    const order = rng.permutation(n);
    for (let k = 0; k < draws; k++) out[order[k]] = 1;
  }
}

const DEFAULTS: Params = { n_estimators: 10, max_samples: 1.0, bootstrap: true };

export const baggingSpec: ModelSpec = {
  id: 'bagging',
  label: 'Bagging (of decision trees)',
  sklearn: 'sklearn.ensemble.BaggingClassifier',
  defaults: DEFAULTS,
  rules: { n_estimators: N_ESTIMATORS_RULE, max_samples: MAX_SAMPLES_RULE, bootstrap: { kind: 'boolean' } },
  deterministic: false,
  notes:
    'Base estimator fixed to a default DecisionTreeClassifier; max_samples is a fraction only; no feature ' +
    'subsampling. Random streams are ours (tree t uses Rng(seed).derive(t)).',
  create: (params, seed) => new BaggingClassifier({ ...DEFAULTS, ...params } as Params, seed),
};
