import { Params } from '../classifier';
import { ModelSpec } from '../model-spec';
import { FOREST_RULES, TreeForestClassifier, forestDefaults } from './tree-forest';

/**
 * Extremely randomized trees (Geurts, Ernst & Wehenkel, Machine Learning 63, 2006), as
 * scikit-learn's `ExtraTreesClassifier`: like a random forest, but each of the
 * `max_features` features drawn at a split gets one threshold drawn uniformly between
 * the node's min and max of that feature, the best of those splits (Gini) is kept, and
 * by default every tree sees all rows (no bootstrap). P(y = 1 | x) = mean leaf share.
 *
 * Parameters (scikit-learn's defaults): n_estimators 100, criterion 'gini',
 * max_depth null, min_samples_split 2, min_samples_leaf 1, max_features 'sqrt',
 * min_impurity_decrease 0, bootstrap false, max_samples null.
 *
 * Not on npm at all (shared/notes/ml-libraries.md); shares the CART builder.
 */
export class ExtraTreesClassifier extends TreeForestClassifier {
  readonly id: string = 'extra_trees';

  protected readonly splitter = 'random';
}

const DEFAULTS = forestDefaults(false);

export const extraTreesSpec: ModelSpec = {
  id: 'extra_trees',
  label: 'Extra Trees',
  sklearn: 'sklearn.ensemble.ExtraTreesClassifier',
  defaults: DEFAULTS,
  rules: FOREST_RULES,
  deterministic: false,
  notes:
    'Replays scikit-learn\'s random draws (numpy RandomState per-tree seeds and bootstraps, the tree splitter\'s ' +
    'stream, float32 features): seed s gives ExtraTreesClassifier(random_state=s) tree by tree (checked to 1e-12 against ' +
    'scikit-learn 1.2 and 1.9). max_samples takes a fraction only (rounded, as scikit-learn 1.2). Gini only.',
  create: (params, seed) => new ExtraTreesClassifier({ ...DEFAULTS, ...params } as Params, seed),
};
