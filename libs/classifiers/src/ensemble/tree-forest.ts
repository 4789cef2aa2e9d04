import { Matrix, NumpyRandomState, RadSweepInputError, checkParam } from '@radsweep/core';
import { BaseClassifier, Params } from '../classifier';
import { ModelSpec, ParamRule } from '../model-spec';
import { CartBuilder, CartOptions } from '../trees/cart-builder';
import { SavedTree, TreeNodes } from '../trees/tree-nodes';
import { RAND_R_MAX, TreeRandom } from '../trees/tree-random';
import { TREE_GROWTH_DEFAULTS, TREE_GROWTH_RULES, cartOptions } from '../trees/tree-params';
import { bootstrapCounts } from './bootstrap';
import { forestCheckpoints } from './forest-checkpoints';

/**
 * Shared body of the averaging tree ensembles (random forest, extra trees, bagging):
 * as scikit-learn, tree t gets the seed s_t = t-th `randint(2^31 - 1)` of numpy's
 * `RandomState(seed)`, drawn up front, and its bootstrap counts and split draws come
 * from streams seeded with s_t only, so a forest does not depend on how its trees are
 * scheduled and equals scikit-learn's forest with `random_state = seed` tree by tree;
 * predict_proba is the mean over trees of each tree's leaf class-1 share, as
 * scikit-learn's `ForestClassifier.predict_proba` and `BaggingClassifier.predict_proba`,
 * clamped into [0, 1] against rounding.
 */
export abstract class TreeForestClassifier extends BaseClassifier {
  private trees: TreeNodes[] = [];

  /** 'best' (random forest, bagging) or 'random' (extra trees) thresholds. */
  protected abstract readonly splitter: CartOptions['splitter'];

  /** Growth options of every tree for data with p features, from the scikit-learn-named params. */
  protected treeOptions(p: number): CartOptions {
    return cartOptions(this.params, p, this.splitter, this.id);
  }

  /**
   * Fills out[0..n) with the row weights of the tree seeded `treeSeed` and returns its
   * split stream, as scikit-learn's forests: with `bootstrap`, max(1, round(max_samples * n))
   * rows drawn by RandomState(treeSeed).randint(0, n) as counts (`_generate_sample_indices`,
   * scikit-learn 1.2's `_get_n_samples_bootstrap`), else weight 1 for every row.
   */
  protected prepareTree(treeSeed: number, n: number, out: Float64Array): TreeRandom {
    if (this.params.bootstrap === true) {
      const draws = Math.max(1, Math.round(maxSamplesFraction(this.params.max_samples, `${this.id}.max_samples`) * n));
      bootstrapCounts(new NumpyRandomState(treeSeed), n, draws, out);
    } else {
      out.fill(1);
    }
    return TreeRandom.forSeed(treeSeed);
  }

  get treeCount(): number {
    return this.trees.length;
  }

  /** The fitted trees (flat node arrays), in order. */
  get fittedTrees(): readonly TreeNodes[] {
    return this.trees;
  }

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    checkParam(N_ESTIMATORS_RULE, this.params.n_estimators, `${this.id}.n_estimators`);
    const nTrees = this.params.n_estimators as number;
    const opts = this.treeOptions(x.cols);
    // The trees of an earlier fit that differs only in n_estimators (forest-checkpoints.ts).
    const key = this.checkpointKey();
    const kept = forestCheckpoints.find(x, y, key) ?? [];
    if (kept.length >= nTrees) {
      this.trees = kept.slice(0, nTrees);
      return;
    }
    const trees = kept.slice();
    const seeds = new NumpyRandomState(this.seed);
    for (let t = 0; t < trees.length; t++) seeds.randint(RAND_R_MAX); // the kept trees' seeds
    const builder = new CartBuilder(x, y);
    const weight = new Float64Array(x.rows);
    for (let t = trees.length; t < nTrees; t++) {
      const random = this.prepareTree(seeds.randint(RAND_R_MAX), x.rows, weight);
      trees.push(builder.build(weight, opts, random));
    }
    this.trees = trees;
    forestCheckpoints.store(x, y, key, trees);
  }

  /** What a fit's trees depend on besides the rows, labels and n_estimators: the model, its seed and other parameters. */
  private checkpointKey(): string {
    const { n_estimators: _, ...others } = this.params;
    return `${this.id}:${this.seed}:${JSON.stringify(others, Object.keys(others).sort())}`;
  }

  protected predictImpl(x: Matrix): Float64Array {
    const out = new Float64Array(x.rows);
    for (const tree of this.trees) tree.addProba(x, out);
    // sum, then divide, as scikit-learn; rounding in the leaf shares (w1 / w) and the sum can
    // land a hair outside [0, 1] (e.g. 1.0000000000000007), so clamp to a probability
    for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i] / this.trees.length));
    return out;
  }

  protected saveState(): unknown {
    return { trees: this.trees.map((t) => t.toJSON()) };
  }

  protected loadState(state: unknown): void {
    const trees = (state as { trees?: SavedTree[] })?.trees;
    if (!Array.isArray(trees) || trees.length === 0) throw new RadSweepInputError('saved forest holds no trees', this.id);
    this.trees = trees.map((t, i) => TreeNodes.fromJSON(t, `${this.id}.trees[${i}]`));
  }
}

export const N_ESTIMATORS_RULE: ParamRule = { kind: 'number', min: 1, integer: true };

/** A `max_samples` fraction in (0, 1] (null reads as 1), or a RadSweepInputError naming `where`. */
export function maxSamplesFraction(maxSamples: unknown, where: string): number {
  if (maxSamples === null || maxSamples === undefined) return 1;
  checkParam(MAX_SAMPLES_RULE, maxSamples, where);
  return maxSamples as number;
}

export const MAX_SAMPLES_RULE: ParamRule = { kind: 'number', min: 0, exclusiveMin: true, max: 1, nullable: true };

/** scikit-learn's defaults of RandomForestClassifier (bootstrap true) and ExtraTreesClassifier (bootstrap false). */
export function forestDefaults(bootstrap: boolean): Params {
  return { n_estimators: 100, criterion: 'gini', ...TREE_GROWTH_DEFAULTS, max_features: 'sqrt', bootstrap, max_samples: null };
}

/** Parameter rules shared by the random forest and extra trees specs. */
export const FOREST_RULES: ModelSpec['rules'] = {
  n_estimators: N_ESTIMATORS_RULE,
  criterion: { kind: 'enum', values: ['gini'] },
  ...TREE_GROWTH_RULES,
  bootstrap: { kind: 'boolean' },
  max_samples: MAX_SAMPLES_RULE,
};
