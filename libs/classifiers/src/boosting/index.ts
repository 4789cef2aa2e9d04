import { ModelSpec } from '../model-spec';
import { GRADIENT_BOOSTING_DEFAULTS, GradientBoostingClassifier, GradientBoostingParams } from './gradient-boosting';
import { HIST_GRADIENT_BOOSTING_DEFAULTS, HistGradientBoostingClassifier, HistGradientBoostingParams } from './hist-gradient-boosting';

export { GradientBoostingClassifier } from './gradient-boosting';
export { HistGradientBoostingClassifier } from './hist-gradient-boosting';

const gradientBoosting: ModelSpec = {
  id: 'gradient_boosting',
  label: 'Gradient Boosting',
  sklearn: 'sklearn.ensemble.GradientBoostingClassifier',
  defaults: GRADIENT_BOOSTING_DEFAULTS,
  rules: {
    loss: { kind: 'enum', values: ['log_loss'] },
    n_estimators: { kind: 'number', min: 1, integer: true },
    learning_rate: { kind: 'number', min: 0, exclusiveMin: true },
    max_depth: { kind: 'number', min: 1, integer: true, nullable: true },
    min_samples_split: { kind: 'number', min: 2, integer: true },
    min_samples_leaf: { kind: 'number', min: 1, integer: true },
    subsample: { kind: 'number', min: 0, exclusiveMin: true, max: 1 },
    max_features: { kind: 'enum', values: [null, 'sqrt', 'log2'] },
  },
  deterministic: false,
  notes:
    'min_samples_split and min_samples_leaf are counts only (no fractions); max_features is null, sqrt or log2 (no count or fraction). ' +
    "Replays scikit-learn 1.2's trees (float32 features, its per-stage feature-draw stream, first-found tie rule, pairwise leaf sums), " +
    'so seed s gives the probabilities of random_state=s.',
  parityExceptions: [
    {
      reference: 'wdbc-tied-plain-all',
      aucTolerance: 1e-9,
      probabilityTolerance: 0.1,
      reason:
        "Open gap, cause not yet found: the first 4 trees are identical to scikit-learn 1.2.1's (same features and thresholds; |p diff| 0 with n_estimators 1-3); in the 5th one node splits worst_concave_points <= 0.412 here and worst_concavity <= 0.819 in scikit-learn, near-equal gains of two correlated rounded columns; from there |p diff| 0.082 at 5 stages, 0.026 at 100 (AUC identical at 100).",
    },
    {
      reference: 'wdbc-tied-plain-low15',
      aucTolerance: 5e-4,
      probabilityTolerance: 0.1,
      reason:
        "Open gap, cause not yet found: the first 16 trees are identical to scikit-learn 1.2.1's; in the 17th one node splits mean_area here and mean_perimeter in scikit-learn, near-equal gains of two correlated rounded columns (as AdaBoost's round 22 on this set); |p diff| 0.036 at 20 stages, 0.042 at 100, AUC differs by 3.3e-4.",
    },
  ],
  create: (params, seed) => new GradientBoostingClassifier({ ...GRADIENT_BOOSTING_DEFAULTS, ...params } as GradientBoostingParams, seed),
};

const histGradientBoosting: ModelSpec = {
  id: 'lightgbm',
  label: 'LightGBM-style histogram boosting',
  sklearn: 'sklearn.ensemble.HistGradientBoostingClassifier',
  defaults: HIST_GRADIENT_BOOSTING_DEFAULTS,
  rules: {
    loss: { kind: 'enum', values: ['log_loss'] },
    max_iter: { kind: 'number', min: 1, integer: true },
    learning_rate: { kind: 'number', min: 0, exclusiveMin: true },
    max_leaf_nodes: { kind: 'number', min: 2, integer: true, nullable: true },
    max_depth: { kind: 'number', min: 1, integer: true, nullable: true },
    min_samples_leaf: { kind: 'number', min: 1, integer: true },
    l2_regularization: { kind: 'number', min: 0 },
    max_bins: { kind: 'number', min: 2, max: 255, integer: true },
    early_stopping: { kind: 'enum', values: [false] },
  },
  deterministic: true,
  notes:
    "early_stopping is false only (scikit-learn's default 'auto' is off below 10,000 training rows); no categorical features, " +
    'no monotonic constraints, no missing-value bin (inputs are imputed first); binning always uses every row (scikit-learn subsamples above 200,000).',
  create: (params, seed) => new HistGradientBoostingClassifier({ ...HIST_GRADIENT_BOOSTING_DEFAULTS, ...params } as HistGradientBoostingParams, seed),
};

/** Model specs of the boosting family. */
export const boostingModels: ModelSpec[] = [gradientBoosting, histGradientBoosting];
