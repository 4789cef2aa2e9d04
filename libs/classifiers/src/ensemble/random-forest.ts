import { Params } from '../classifier';
import { ModelSpec } from '../model-spec';
import { FOREST_RULES, TreeForestClassifier, forestDefaults } from './tree-forest';

/**
 * Random forest (Breiman, Random Forests, Machine Learning 45, 2001), as
 * scikit-learn's `RandomForestClassifier`: n_estimators CART trees, each grown to full
 * depth on a bootstrap sample (counts as sample weights) with `max_features` features
 * drawn afresh at every split (not once per tree, the error of ml-random-forest);
 * P(y = 1 | x) = mean over trees of the leaf's class-1 share.
 *
 * Parameters (scikit-learn's defaults): n_estimators 100, criterion 'gini',
 * max_depth null, min_samples_split 2, min_samples_leaf 1, max_features 'sqrt',
 * min_impurity_decrease 0, bootstrap true, max_samples null (n draws).
 *
 * Own code rather than ml-random-forest (about 60x slower, per-tree feature sampling,
 * a miscounted vote; shared/notes/ml-libraries.md).
 */
export class RandomForestClassifier extends TreeForestClassifier {
  readonly id: string = 'random_forest';

  protected readonly splitter = 'best';
}

const DEFAULTS = forestDefaults(true);

export const randomForestSpec: ModelSpec = {
  id: 'random_forest',
  label: 'Random Forest',
  sklearn: 'sklearn.ensemble.RandomForestClassifier',
  defaults: DEFAULTS,
  rules: FOREST_RULES,
  deterministic: false,
  notes:
    'Replays scikit-learn\'s random draws (numpy RandomState per-tree seeds and bootstraps, the tree splitter\'s ' +
    'stream, float32 features): seed s gives RandomForestClassifier(random_state=s) tree by tree (checked to 1e-12 against ' +
    'scikit-learn 1.2 and 1.9). max_samples takes a fraction only (rounded, as scikit-learn 1.2). Gini only.',
  create: (params, seed) => new RandomForestClassifier({ ...DEFAULTS, ...params } as Params, seed),
};
