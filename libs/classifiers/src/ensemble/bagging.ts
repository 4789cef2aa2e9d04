import { NumpyRandomState } from '@radsweep/core';
import { Params } from '../classifier';
import { ModelSpec } from '../model-spec';
import { CartOptions } from '../trees/cart-builder';
import { TreeRandom, firstRandRState } from '../trees/tree-random';
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

  /**
   * scikit-learn's `_parallel_build_estimators` for estimator seed s: the tree's own
   * random_state is RandomState(s).randint(2^31 - 1); its rows come from a second
   * RandomState(s): with bootstrap, floor(max_samples * n) draws of randint(0, n) as
   * counts; without, `sample_without_replacement` (all rows when max_samples is 1, a
   * permutation prefix for ratios in (0.01, 0.99), reservoir sampling above 0.99).
   */
  protected override prepareTree(seed: number, n: number, out: Float64Array): TreeRandom {
    const treeSeed = firstRandRState(seed);
    const rows = new NumpyRandomState(seed);
    const draws = Math.max(1, Math.floor(maxSamplesFraction(this.params.max_samples, `${this.id}.max_samples`) * n));
    if (this.params.bootstrap !== false) {
      bootstrapCounts(rows, n, draws, out);
    } else if (draws >= n) {
      out.fill(1);
    } else {
      out.fill(0);
      const ratio = draws / n;
      if (ratio < 0.99) {
        const order = rows.shuffle(Int32Array.from({ length: n }, (_, i) => i));
        for (let k = 0; k < draws; k++) out[order[k]] = 1;
      } else {
        const chosen = Int32Array.from({ length: draws }, (_, i) => i);
        for (let i = draws; i < n; i++) {
          const j = rows.randint(i + 1);
          if (j < draws) chosen[j] = i;
        }
        for (const i of chosen) out[i] = 1;
      }
    }
    return TreeRandom.forSeed(treeSeed);
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
    'Base estimator fixed to a default DecisionTreeClassifier; max_samples is a fraction only (below 0.01 without ' +
    'bootstrap we draw a permutation prefix where scikit-learn uses tracking selection); no feature subsampling. ' +
    'Random draws replay numpy\'s and scikit-learn\'s, so seed s gives BaggingClassifier(random_state=s) tree by tree.',
  create: (params, seed) => new BaggingClassifier({ ...DEFAULTS, ...params } as Params, seed),
};
